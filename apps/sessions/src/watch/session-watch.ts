import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { SessionsConfig } from '../config/sessions.config.js';
import { ProjectOverrunsUseCase } from '../overruns/project-overruns/project-overruns.use-case.js';
import { ReportOverdueVitalsUseCase } from '../vitals/report-overdue-vitals/report-overdue-vitals.use-case.js';

/**
 * What changes with time alone, with no one touching the session: every SESSION_WATCH_INTERVAL_MS,
 * overdue vitals are reported and projected ends moved (overruns announced).
 */
@Injectable()
export class SessionWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    overdueVitals: ReportOverdueVitalsUseCase,
    overruns: ProjectOverrunsUseCase,
    @Inject(PINO_LOGGER) logger: Logger,
    @Inject(SERVICE_CONFIG) config: SessionsConfig,
  ) {
    const graceMinutes = config.VITALS_OVERDUE_GRACE_MINUTES;
    this.task = new PeriodicTask(
      'session-watch',
      config.SESSION_WATCH_INTERVAL_MS,
      async () => {
        const now = new Date();
        const overdue = await overdueVitals.execute({ now, graceMinutes });
        const found = { overruns: await overruns.execute({ now }), overdue };
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
