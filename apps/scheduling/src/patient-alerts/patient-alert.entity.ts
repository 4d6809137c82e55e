import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const PATIENT_ALERT_KINDS = ['follow-up', 'email-bounce', 'email-complaint', 'message-failed'] as const;
export type PatientAlertKind = (typeof PATIENT_ALERT_KINDS)[number];

/**
 * Something a patient's messages raised for the center: a severe answer to the next-day
 * follow-up (a nurse calls today), an email address that bounced or complained (get another
 * address, or ask how they want to be reached), or a message that failed for good with no other
 * channel to take over (resend it, or call). Keyed by the notifications event that raised it,
 * so a redelivery raises nothing twice. Codes only: never what the patient typed, never the address.
 */
@Entity({ name: 'patient_alert' })
@Index('patient_alert_location_kind_idx', ['locationId', 'kind', 'raisedAt'])
@Index('patient_alert_message_idx', ['messageId'])
export class PatientAlert {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_patient_alert' })
  id!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'uuid', name: 'patient_id' })
  patientId!: string;

  /** The appointment the message was about (the visit followed up, the email that bounced). */
  @Column({ type: 'uuid', name: 'appointment_id' })
  appointmentId!: string;

  @Column({ type: 'text' })
  kind!: PatientAlertKind;

  /** The message that failed (`message-failed`): what notifications resends. */
  @Column({ type: 'uuid', name: 'message_id', nullable: true })
  messageId!: string | null;

  /** What the staff member needs to know, from codes: "score 9, fever", "550 5.1.1". */
  @Column({ type: 'text' })
  detail!: string;

  @Column({ type: 'timestamptz', name: 'raised_at' })
  raisedAt!: Date;
}
