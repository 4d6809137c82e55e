import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { TherapyCode } from '@chairside/domain';
import { OrganisationTherapy } from '../catalog/organisation-therapy.entity.js';

export const WAITLIST_STATUSES = ['waiting', 'offered', 'booked', 'withdrawn'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/** A patient who wants an earlier (or any) time than the schedule had, within a window. */
@Entity({ name: 'waitlist_request' })
@Index('waitlist_request_location_idx', ['locationId', 'status', 'earliest'])
@Index('waitlist_request_patient_idx', ['patientId'])
export class WaitlistRequest {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_waitlist_request' })
  id!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'uuid', name: 'patient_id' })
  patientId!: string;

  @Column({ type: 'text', name: 'therapy_code' })
  therapyCode!: TherapyCode;

  /** A therapy the organisation defined: an offer is placed with its values (therapyCode is the built-in it counts as). */
  @Column({ type: 'uuid', name: 'therapy_id', nullable: true })
  therapyId!: string | null;

  @ManyToOne(() => OrganisationTherapy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapy_id', foreignKeyConstraintName: 'FK_waitlist_request_therapy' })
  therapy?: OrganisationTherapy;

  @Column({ type: 'integer', name: 'duration_minutes' })
  durationMinutes!: number;

  /** Any start in [earliest, latest) will do. */
  @Column({ type: 'timestamptz' })
  earliest!: Date;

  @Column({ type: 'timestamptz' })
  latest!: Date;

  @Column({ type: 'text', name: 'preferred_from', nullable: true })
  preferredFrom!: string | null;

  @Column({ type: 'text', name: 'preferred_to', nullable: true })
  preferredTo!: string | null;

  /** Days of the week the patient can come, ISO (1 = Monday … 7 = Sunday) in the location's zone; null: any day. */
  @Column({ type: 'smallint', array: true, name: 'preferred_weekdays', nullable: true })
  preferredWeekdays!: number[] | null;

  @Column({ type: 'text' })
  status!: WaitlistStatus;

  /** The held appointment offered to this patient, while the offer stands. */
  @Column({ type: 'uuid', name: 'offered_appointment_id', nullable: true })
  offeredAppointmentId!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
