import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Channel, NotificationKind } from '@chairside/domain';

/** What a template needs beyond the current copies of the appointment and location. */
export interface MessageDetails {
  previousStartsAt?: string;
  delayMinutes?: number;
  projectedStartsAt?: string;
  /** A waitlist offer: until when the held time is the patient's to take. */
  offerExpiresAt?: string;
  /** A discharge: whether the nurse cleared the patient to drive home. */
  mayDrive?: boolean;
  /** A discharge: what the nurse told the patient to do at home, in her words. */
  instructions?: string;
}

export const MESSAGE_STATUSES = [
  'scheduled',
  'sending',
  'retrying',
  'sent',
  'delivered',
  'failed',
  'cancelled',
  'suppressed',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * One message to one patient on one channel. `idempotencyKey` (appointment, occurrence, kind,
 * channel) is unique: planning the same message twice finds the row that exists, and a retry
 * after a crash sends the same row, with the same Message-ID, again.
 */
@Entity({ name: 'message' })
@Index('message_due_idx', ['dueAt'], { where: `status IN ('scheduled', 'retrying', 'sending')` })
@Index('message_appointment_idx', ['appointmentId'])
export class Message {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_message' })
  id!: string;

  @Column({ type: 'text', name: 'idempotency_key', unique: true })
  idempotencyKey!: string;

  @Column({ type: 'uuid', name: 'appointment_id' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'patient_id' })
  patientId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  /** The appointment start this message is about. */
  @Column({ type: 'timestamptz' })
  occurrence!: Date;

  @Column({ type: 'integer', name: 'offset_hours', nullable: true })
  offsetHours!: number | null;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'text' })
  status!: MessageStatus;

  /** Why suppressed or cancelled, or the last error. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'timestamptz', name: 'due_at' })
  dueAt!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /**
   * Claims that ended without knowing whether the provider took the message: takeovers after a
   * lapsed lease (the dead sender may have handed it over before recording it) and sends whose
   * answer was lost (a timeout or a cut connection after the request went out). Above 0 the
   * message is in doubt, whatever its final status says.
   */
  @Column({ type: 'integer', name: 'lapsed_claims', default: 0 })
  lapsedClaims!: number;

  /** While sending: after this, another dispatcher may take it over (the sender died). */
  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'text', name: 'provider_message_id', nullable: true })
  providerMessageId!: string | null;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  /** What the template needs beyond the current copies (e.g. the previous time of a reschedule, a delay). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: MessageDetails;

  /** Times staff resent it after it failed (POST /locations/{id}/messages/{id}/resend). */
  @Column({ type: 'integer', default: 0 })
  resends!: number;

  /**
   * `attempts` when it was last resent: the resend gets the full retry budget again
   * (`attempts - attemptsAtResend`), while `attempts` keeps counting up (it numbers the events).
   */
  @Column({ type: 'integer', name: 'attempts_at_resend', default: 0 })
  attemptsAtResend!: number;

  @Column({ type: 'timestamptz', name: 'resent_at', nullable: true })
  resentAt!: Date | null;

  /** The staff member who last resent it (token subject). */
  @Column({ type: 'text', name: 'resent_by', nullable: true })
  resentBy!: string | null;

  /** A message on a fallback channel names the one that failed. */
  @Column({ type: 'uuid', name: 'fallback_for', nullable: true })
  fallbackFor!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
