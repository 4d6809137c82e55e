import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PINO_LOGGER } from '@chairside/platform';
import { ReleaseHoldUseCase } from './release-hold.use-case.js';

/**
 * Lapsed holds keep their chair under the exclusion constraints until swept, so sweep often. A
 * failed pass (PostgreSQL restarting) is logged and tried again on the next tick.
 */
@Injectable()
export class HoldExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly holds: ReleaseHoldUseCase,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const every = Number(process.env.HOLD_SWEEP_INTERVAL_MS ?? 10_000);
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep().then(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async sweep(now = new Date()): Promise<number> {
    let total = 0;
    try {
      for (let n = await this.holds.expireDue(now); n > 0; n = await this.holds.expireDue(now)) total += n;
      if (total) this.logger.info({ component: 'hold-expiry', expired: total }, 'released lapsed holds');
    } catch (error) {
      this.logger.warn({ component: 'hold-expiry', err: error }, 'hold sweep failed; retrying on the next tick');
    }
    return total;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
