import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';

export interface ResolveResentMessageCommand {
  messageId: string;
  locationId: string;
  /** The staff member who asked notifications to resend it. */
  resentBy: string;
  /** When the provider took it. */
  sentAt: Date;
}

/**
 * A failed message that staff resent went through (`notifications.message.resent`): its open
 * failed-messages items, those raised before it was sent, close as `resent`, by whoever asked for
 * the resend. In the inbox transaction: a redelivery finds them closed and changes nothing.
 * Scheduling's own record; it publishes nothing.
 */
@Injectable()
export class ResolveResentMessageUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ResolveResentMessageCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, c: ResolveResentMessageCommand): Promise<void> {
    await tx.manager.query(
      `INSERT INTO work_item_resolution (id, location_id, queue, subject_id, item_key, outcome, note, actor_id, resolved_at)
       SELECT gen_random_uuid(), pa.location_id, 'failed-messages', pa.message_id,
              (floor(extract(epoch from pa.raised_at) * 1000))::bigint::text, 'resent', NULL, $3, $4
         FROM patient_alert pa
        WHERE pa.message_id = $1 AND pa.location_id = $2 AND pa.kind = 'message-failed' AND pa.raised_at <= $4
       ON CONFLICT ON CONSTRAINT work_item_resolution_item_key DO NOTHING`,
      [c.messageId, c.locationId, c.resentBy, c.sentAt],
    );
  }
}
