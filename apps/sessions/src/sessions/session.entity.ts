import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { TherapyCode } from '@chairside/domain';
import type { SessionState, SessionStatus } from '../session-lifecycle/session-machine.js';

/** What the session needs of its therapy, fixed when the appointment was booked. */
export interface SessionTherapy {
  vitals: { firstHourEveryMinutes: number; thenEveryMinutes: number };
  mayDriveAfter: boolean;
  /**
   * A therapy the organisation defined (scheduling's `therapyId`; `therapyCode` is then the built-in
   * it is counted as), as booked: the console names the bar by it. Absent for a built-in one.
   */
  organisationTherapyId?: string;
}

/**
 * One infusion session: the appointment as it happens, keyed by the appointment id. `state` is
 * the state machine's state; the columns beside it are what the board and the sweepers query.
 */
@Entity({ name: 'session' })
@Index('session_board_idx', ['locationId', 'localDate'])
// A patient's sessions by location: the audit trail's patient scope (patientSeenAtLocationsScope, libs/audit).
@Index('session_patient_idx', ['patientId', 'locationId'])
@Index('session_live_idx', ['plannedEndsAt'], {
  where: `status IN ('expected', 'arrived', 'in_chair', 'infusing', 'paused', 'observation')`,
})
export class Session {
  @PrimaryColumn({ type: 'uuid', name: 'appointment_id', primaryKeyConstraintName: 'PK_session' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'uuid', name: 'patient_id' })
  patientId!: string;

  @Column({ type: 'text', name: 'therapy_code' })
  therapyCode!: TherapyCode;

  @Column({ type: 'uuid', name: 'chair_id' })
  chairId!: string;

  @Column({ type: 'uuid', name: 'nurse_id' })
  nurseId!: string;

  @Column({ type: 'timestamptz', name: 'planned_starts_at' })
  plannedStartsAt!: Date;

  /** End of treatment and observation, as booked (or rescheduled). */
  @Column({ type: 'timestamptz', name: 'planned_ends_at' })
  plannedEndsAt!: Date;

  @Column({ type: 'text', name: 'time_zone' })
  timeZone!: string;

  /** The day of the planned start in the location's zone: the board's day. */
  @Column({ type: 'date', name: 'local_date' })
  localDate!: string;

  @Column({ type: 'integer', name: 'dose_number', nullable: true })
  doseNumber!: number | null;

  @Column({ type: 'jsonb' })
  therapy!: SessionTherapy;

  @Column({ type: 'text' })
  status!: SessionStatus;

  @Column({ type: 'jsonb' })
  state!: SessionState;

  @Column({ type: 'timestamptz', name: 'projected_ends_at' })
  projectedEndsAt!: Date;

  /** The latest projected end announced as an overrun, so each delay is announced once. */
  @Column({ type: 'timestamptz', name: 'overrun_announced_until', nullable: true })
  overrunAnnouncedUntil!: Date | null;

  @Column({ type: 'timestamptz', name: 'last_vitals_at', nullable: true })
  lastVitalsAt!: Date | null;

  /** The due time already reported overdue, so it is reported once. */
  @Column({ type: 'timestamptz', name: 'overdue_reported_for', nullable: true })
  overdueReportedFor!: Date | null;

  @Column({ type: 'integer', name: 'step_count', default: 0 })
  stepCount!: number;

  /** Vital-signs readings recorded, at most MAX_VITALS_PER_SESSION (session-limits.ts). */
  @Column({ type: 'integer', name: 'vitals_count', default: 0 })
  vitalsCount!: number;

  /** Sequence of the last event published about this session (outbox aggregate sequence). */
  @Column({ type: 'integer', name: 'event_sequence', default: 0 })
  eventSequence!: number;

  @Column({ type: 'integer' })
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** The session's log: one row per accepted step, never updated or deleted. */
@Entity({ name: 'session_step' })
export class SessionStepRecord {
  @PrimaryColumn({ type: 'uuid', name: 'session_id', primaryKeyConstraintName: 'PK_session_step' })
  sessionId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_session_step' })
  seq!: number;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', name: 'from_status' })
  fromStatus!: string;

  @Column({ type: 'text', name: 'to_status' })
  toStatus!: string;

  /** Staff member (token subject), or `scheduling` for steps that came as events. */
  @Column({ type: 'text', name: 'actor_id' })
  actorId!: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'timestamptz', name: 'device_time', nullable: true })
  deviceTime!: Date | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}

/** One set of vital signs (LOINC-coded on the way out); any subset of measures. */
@Entity({ name: 'vital_signs' })
@Index('vital_signs_session_idx', ['sessionId', 'takenAt'])
export class VitalSignsRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_vital_signs' })
  id!: string;

  @Column({ type: 'uuid', name: 'session_id' })
  sessionId!: string;

  /** Device time when given, else server time. */
  @Column({ type: 'timestamptz', name: 'taken_at' })
  takenAt!: Date;

  @Column({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt!: Date;

  @Column({ type: 'text', name: 'actor_id' })
  actorId!: string;

  @Column({ type: 'jsonb' })
  values!: Record<string, number>;

  @Column({ type: 'jsonb', nullable: true })
  findings!: unknown[] | null;
}

/** A step of the log entered in error (FHIR `entered-in-error`): the step itself stays as it was. */
@Entity({ name: 'session_step_error' })
export class SessionStepErrorRecord {
  @PrimaryColumn({ type: 'uuid', name: 'session_id', primaryKeyConstraintName: 'PK_session_step_error' })
  sessionId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_session_step_error' })
  seq!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', name: 'actor_id' })
  actorId!: string;

  @Column({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt!: Date;
}

/** Vital signs entered in error: the measurements stay, and no longer count (last vitals, due times). */
@Entity({ name: 'vital_signs_error' })
@Index('vital_signs_error_session_idx', ['sessionId'])
export class VitalSignsErrorRecord {
  @PrimaryColumn({ type: 'uuid', name: 'vital_signs_id', primaryKeyConstraintName: 'PK_vital_signs_error' })
  vitalSignsId!: string;

  @Column({ type: 'uuid', name: 'session_id' })
  sessionId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', name: 'actor_id' })
  actorId!: string;

  @Column({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt!: Date;
}
