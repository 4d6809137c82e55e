import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A number that replied CANCEL and was asked to confirm with YES; one question per number at a time. */
@Entity({ name: 'sms_pending_cancellation' })
export class PendingCancellation {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_sms_pending_cancellation' })
  phone!: string;

  @Column({ type: 'uuid', name: 'appointment_id' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'message_id' })
  messageId!: string;

  @Column({ type: 'timestamptz', name: 'asked_at' })
  askedAt!: Date;
}
