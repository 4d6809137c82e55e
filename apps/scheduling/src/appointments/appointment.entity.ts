import {
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { TherapyCode } from '@chairside/domain';
import { Chair } from '../locations/chair.entity.js';
import { OrganisationTherapy } from '../catalog/organisation-therapy.entity.js';
import { Location } from '../locations/location.entity.js';
import { Nurse } from '../staffing/nurse.entity.js';
import { Patient } from '../patients/patient.entity.js';

/** FHIR R4 Appointment.status values Chairside uses. */
export const APPOINTMENT_STATUSES = [
  'proposed',
  'booked',
  'arrived',
  'checked-in',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'waitlist',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that hold a chair, a nurse and the patient, as SQL: `status IN ${HOLDS_TIME}`. */
export const HOLDS_TIME = `('proposed', 'booked', 'arrived', 'checked-in')`;

/**
 * No double booking, enforced by PostgreSQL even under concurrency (SQLSTATE 23P01 → 409):
 * a chair from start until it is turned over, a patient for the stay, a nurse's exclusive
 * set-up window. The nurse's monitoring capacity is an aggregate and is checked under a row lock
 * on the nurse instead (book-appointment use case).
 */
@Entity({ name: 'appointment' })
@Index('appointment_location_start_idx', ['locationId', 'startsAt'])
@Index('appointment_patient_start_idx', ['patientId', 'startsAt'])
@Index('appointment_hold_expiry_idx', ['holdExpiresAt'], { where: `status = 'proposed'` })
@Exclusion(
  'appointment_chair_no_overlap',
  `USING gist (chair_id WITH =, tstzrange(starts_at, chair_released_at) WITH &&) WHERE (status IN ${HOLDS_TIME})`,
)
@Exclusion(
  'appointment_patient_no_overlap',
  `USING gist (patient_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status IN ${HOLDS_TIME})`,
)
@Exclusion(
  'appointment_nurse_setup_no_overlap',
  `USING gist (nurse_id WITH =, tstzrange(starts_at, setup_ends_at) WITH &&) WHERE (status IN ${HOLDS_TIME})`,
)
export class Appointment {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_appointment' })
  id!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'FK_appointment_location' })
  location?: Location;

  @Column({ type: 'uuid', name: 'patient_id' })
  patientId!: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'FK_appointment_patient' })
  patient?: Patient;

  /** One of the nine; for a therapy the organisation defined, the built-in it is counted as. */
  @Column({ type: 'text', name: 'therapy_code' })
  therapyCode!: TherapyCode;

  /** A therapy the organisation defined itself (its values placed this appointment). */
  @Column({ type: 'uuid', name: 'therapy_id', nullable: true })
  therapyId!: string | null;

  @ManyToOne(() => OrganisationTherapy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapy_id', foreignKeyConstraintName: 'FK_appointment_therapy' })
  therapy?: OrganisationTherapy;

  @Column({ type: 'uuid', name: 'chair_id' })
  chairId!: string;

  @ManyToOne(() => Chair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chair_id', foreignKeyConstraintName: 'FK_appointment_chair' })
  chair?: Chair;

  @Column({ type: 'uuid', name: 'nurse_id' })
  nurseId!: string;

  @ManyToOne(() => Nurse, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'nurse_id', foreignKeyConstraintName: 'FK_appointment_nurse' })
  nurse?: Nurse;

  @Column({ type: 'timestamptz', name: 'starts_at' })
  startsAt!: Date;

  /** Treatment and observation end: the patient leaves. */
  @Column({ type: 'timestamptz', name: 'ends_at' })
  endsAt!: Date;

  @Column({ type: 'timestamptz', name: 'chair_released_at' })
  chairReleasedAt!: Date;

  @Column({ type: 'timestamptz', name: 'setup_ends_at' })
  setupEndsAt!: Date;

  @Column({ type: 'text' })
  status!: AppointmentStatus;

  @Column({ type: 'timestamptz', name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'text', name: 'cancellation_reason', nullable: true })
  cancellationReason!: string | null;

  /** The infusion itself, and the observation after it, as placed (the catalog may change later). */
  @Column({ type: 'integer', name: 'duration_minutes' })
  durationMinutes!: number;

  @Column({ type: 'integer', name: 'observation_minutes' })
  observationMinutes!: number;

  /** A proposed appointment (a hold) lapses at this instant unless it is booked. */
  @Column({ type: 'timestamptz', name: 'hold_expires_at', nullable: true })
  holdExpiresAt!: Date | null;

  /** Placed by an admin against a rule (overbooking_audit says which and why). */
  @Column({ type: 'boolean', default: false })
  overbooked!: boolean;

  /** A session before it on the same chair or nurse is projected to run past this start. */
  @Column({ type: 'timestamptz', name: 'at_risk_since', nullable: true })
  atRiskSince!: Date | null;

  /** The overrunning session (its appointment) that last put it at risk: its end may clear the risk. */
  @Column({ type: 'uuid', name: 'at_risk_from', nullable: true })
  atRiskFrom!: string | null;

  @Column({ type: 'uuid', name: 'treatment_plan_id', nullable: true })
  treatmentPlanId!: string | null;

  @Column({ type: 'integer', name: 'dose_number', nullable: true })
  doseNumber!: number | null;

  /** The patient asked (by replying R to a message) to move this appointment; staff call back. */
  @Column({ type: 'timestamptz', name: 'reschedule_requested_at', nullable: true })
  rescheduleRequestedAt!: Date | null;

  /**
   * While its session overruns: when the patient is now expected to leave. Its chair (plus
   * turnover), nurse and patient are held until then for new placements; the planned times stay.
   */
  @Column({ type: 'timestamptz', name: 'overrun_ends_at', nullable: true })
  overrunEndsAt!: Date | null;

  /** When the patient left the chair, as the sessions service recorded it. */
  @Column({ type: 'timestamptz', name: 'actual_ends_at', nullable: true })
  actualEndsAt!: Date | null;

  /** 1 when booked, +1 per change: the ETag, and the aggregate sequence of its events. */
  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
