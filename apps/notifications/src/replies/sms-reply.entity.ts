import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Replies that meant something (confirm, reschedule, stop), numbered per appointment for their events. */
@Entity({ name: 'sms_reply' })
export class SmsReply {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_sms_reply' })
  id!: string;

  @Column({ type: 'uuid', name: 'appointment_id' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'message_id' })
  messageId!: string;

  @Column({ type: 'text' })
  intent!: string;

  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  @Column({ type: 'integer' })
  sequence!: number;
}
