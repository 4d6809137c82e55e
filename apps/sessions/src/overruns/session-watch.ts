import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { SessionsConfig } from '../config/sessions.config.js';
import { WatchSessionsUseCase } from './watch-sessions.use-case.js';

/** Runs the session watch every SESSION_WATCH_INTERVAL_MS. */
@Injectable()
export class SessionWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(watch: WatchSessionsUseCase, @Inject(PINO_LOGGER) logger: Logger, @Inject(SERVICE_CONFIG) config: SessionsConfig) {
    const grace = config.VITALS_OVERDUE_GRACE_MINUTES;
    this.task = new PeriodicTask(
      'session-watch',
      config.SESSION_WATCH_INTERVAL_MS,
      async () => {
        const found = await watch.execute(new Date(), grace);
        if (found.overruns || found.overdue)
          logger.info({ component: 'session-watch', ...found }, 'announced overruns and overdue vitals');
      },
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
