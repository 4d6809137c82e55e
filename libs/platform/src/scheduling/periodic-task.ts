import type { Logger } from 'pino';

/**
 * Runs `pass` every `everyMs`, never two at once; a failed pass (PostgreSQL restarting) is logged
 * and tried again on the next tick. `kick()` runs one now unless one is running; `stop()` waits for
 * the pass in flight. For sweepers and dispatchers that poll the database.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly component: string,
    private readonly everyMs: number,
    private readonly pass: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.everyMs);
    this.timer.unref();
  }

  kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.pass()
      .catch((error: unknown) =>
        this.logger.warn({ component: this.component, err: error }, `${this.component} pass failed; retrying on the next tick`),
      )
      .finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
