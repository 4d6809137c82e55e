import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { SchedulingConfig } from '../../config/scheduling.config.js';
import { ExpireHoldsUseCase } from './expire-holds.use-case.js';

/** Lapsed holds keep their chair under the exclusion constraints until swept, so sweep often. */
@Injectable()
export class HoldExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    private readonly expireHolds: ExpireHoldsUseCase,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) config: SchedulingConfig,
  ) {
    this.task = new PeriodicTask('hold-expiry', config.HOLD_SWEEP_INTERVAL_MS, async () => void (await this.sweep()), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async sweep(now = new Date()): Promise<number> {
    let total = 0;
    for (let n = await this.expireHolds.execute({ now }); n > 0; n = await this.expireHolds.execute({ now })) total += n;
    if (total) this.logger.info({ component: 'hold-expiry', expired: total }, 'released lapsed holds');
    return total;
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
