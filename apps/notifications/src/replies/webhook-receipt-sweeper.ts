import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { FORGET_BATCH, ForgetWebhookReceiptsUseCase } from './forget-webhook-receipts/forget-webhook-receipts.use-case.js';

/** Hourly: keeps the replay receipts to their window, so the table stays bounded. */
@Injectable()
export class WebhookReceiptSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(forget: ForgetWebhookReceiptsUseCase, @Inject(PINO_LOGGER) logger: Logger) {
    this.task = new PeriodicTask(
      'webhook-receipt-sweeper',
      3_600_000,
      async () => {
        while ((await forget.execute(new Date())) === FORGET_BATCH);
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
