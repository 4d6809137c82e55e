import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PINO_LOGGER } from '@chairside/platform';
import { WatchSessionsUseCase } from './watch-sessions.use-case.js';

/** Runs the session watch every SESSION_WATCH_INTERVAL_MS; a failed pass is retried on the next tick. */
@Injectable()
export class SessionWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly watch: WatchSessionsUseCase,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const every = Number(process.env.SESSION_WATCH_INTERVAL_MS ?? 30_000);
    const grace = Number(process.env.VITALS_OVERDUE_GRACE_MINUTES ?? 5);
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.watch
        .execute(new Date(), grace)
        .then(
          (found) => {
            if (found.overruns || found.overdue) this.logger.info({ component: 'session-watch', ...found }, 'announced overruns and overdue vitals');
          },
          (error: unknown) => this.logger.warn({ component: 'session-watch', err: error }, 'session watch failed; retrying on the next tick'),
        )
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
