import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '@chairside/messaging';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../../config/notifications.config.js';

/** At most this many receipts a pass: bounded work, short locks. */
export const FORGET_BATCH = 5_000;

/** Forgets webhook receipts older than the replay window (SMS_WEBHOOK_REPLAY_DAYS), the oldest first. */
@Injectable()
export class ForgetWebhookReceiptsUseCase {
  private readonly windowMs: number;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_CONFIG) config: NotificationsConfig,
  ) {
    this.windowMs = config.SMS_WEBHOOK_REPLAY_DAYS * 86_400_000;
  }

  /** Returns how many were forgotten (FORGET_BATCH: there may be more). */
  execute(now: Date): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const [, count] = (await tx.manager.query(
        `DELETE FROM sms_webhook_receipt WHERE (message_sid, event) IN (
           SELECT message_sid, event FROM sms_webhook_receipt WHERE received_at < $1 ORDER BY received_at LIMIT $2)`,
        [new Date(now.getTime() - this.windowMs), FORGET_BATCH],
      )) as [unknown[], number];
      return count;
    });
  }
}
