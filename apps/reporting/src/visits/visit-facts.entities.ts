import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per appointment: what was planned (scheduling) and what happened (sessions), the raw
 * material of every visit KPI. Filled from three topics in whatever order they arrive; each event
 * sets only its own columns, and first times are never overwritten, so a replay writes the same row.
 */
@Entity({ name: 'visit_fact' })
@Index('visit_fact_location_start_idx', ['locationId', 'startsAt'])
// A patient's visits by location: the audit trail's patient scope (patientSeenAtLocationsScope, libs/audit).
@Index('visit_fact_patient_idx', ['patientId', 'locationId'])
export class VisitFact {
  @PrimaryColumn({ type: 'uuid', name: 'appointment_id', primaryKeyConstraintName: 'PK_visit_fact' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'uuid', name: 'patient_id', nullable: true })
  patientId!: string | null;

  @Column({ type: 'text', name: 'therapy_code', nullable: true })
  therapyCode!: string | null;

  @Column({ type: 'uuid', name: 'chair_id', nullable: true })
  chairId!: string | null;

  /** The nurse the visit was booked with (the last plan's). */
  @Column({ type: 'uuid', name: 'nurse_id', nullable: true })
  nurseId!: string | null;

  @Column({ type: 'timestamptz', name: 'booked_at', nullable: true })
  bookedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'starts_at', nullable: true })
  startsAt!: Date | null;

  /** End of treatment and observation, as planned (after any reschedule). */
  @Column({ type: 'timestamptz', name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'integer', name: 'duration_minutes', nullable: true })
  durationMinutes!: number | null;

  @Column({ type: 'text', nullable: true })
  status!: 'booked' | 'cancelled' | 'noshow' | 'fulfilled' | null;

  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'boolean', name: 'late_cancellation', nullable: true })
  lateCancellation!: boolean | null;

  @Column({ type: 'timestamptz', name: 'no_show_at', nullable: true })
  noShowAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'checked_in_at', nullable: true })
  checkedInAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'seated_at', nullable: true })
  seatedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'drug_ready_at', nullable: true })
  drugReadyAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'infusion_started_at', nullable: true })
  infusionStartedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'infusion_completed_at', nullable: true })
  infusionCompletedAt!: Date | null;

  @Column({ type: 'integer', name: 'infusing_minutes', nullable: true })
  infusingMinutes!: number | null;

  @Column({ type: 'timestamptz', name: 'stopped_early_at', nullable: true })
  stoppedEarlyAt!: Date | null;

  /** When the patient left the chair (the actual end). */
  @Column({ type: 'timestamptz', name: 'discharged_at', nullable: true })
  dischargedAt!: Date | null;

  /** Highest scheduling event applied, so an older one arriving late changes nothing. */
  @Column({ type: 'integer', name: 'appointment_sequence', default: 0 })
  appointmentSequence!: number;
}

@Entity({ name: 'reaction_fact' })
@Index('reaction_fact_location_idx', ['locationId', 'occurredAt'])
export class ReactionFact {
  @PrimaryColumn({ type: 'uuid', name: 'reaction_id', primaryKeyConstraintName: 'PK_reaction_fact' })
  reactionId!: string;

  @Column({ type: 'uuid', name: 'appointment_id' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'text', name: 'therapy_code' })
  therapyCode!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'integer' })
  grade!: number;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;
}

/** The latest state of each message to a patient (kind, channel, sent / delivered / failed / suppressed). */
@Entity({ name: 'message_fact' })
@Index('message_fact_appointment_idx', ['appointmentId'])
@Index('message_fact_location_at_idx', ['locationId', 'at'])
export class MessageFact {
  @PrimaryColumn({ type: 'uuid', name: 'message_id', primaryKeyConstraintName: 'PK_message_fact' })
  messageId!: string;

  @Column({ type: 'uuid', name: 'appointment_id' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  status!: string;

  /** Rank of the status (suppressed/cancelled 1, failed 2, sent 3, delivered 4): a lower one never replaces a higher. */
  @Column({ type: 'integer' })
  rank!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
