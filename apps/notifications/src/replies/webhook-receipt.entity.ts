import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A provider webhook already applied, by the provider's message id (signed with the request) and
 * what it reported: a replayed request finds its row and changes nothing. Kept for
 * SMS_WEBHOOK_REPLAY_DAYS, then forgotten.
 */
@Entity({ name: 'sms_webhook_receipt' })
@Index('IDX_sms_webhook_receipt_received_at', ['receivedAt'])
export class WebhookReceipt {
  @PrimaryColumn({ type: 'text', name: 'message_sid', primaryKeyConstraintName: 'PK_sms_webhook_receipt' })
  messageSid!: string;

  /** `inbound` (a patient's reply) or the delivery status reported (`status:delivered`). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_sms_webhook_receipt' })
  event!: string;

  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;
}
