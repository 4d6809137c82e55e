import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { TherapyCode } from '@chairside/domain';
import { OrganisationTherapy } from '../catalog/organisation-therapy.entity.js';

/** An order for a series of doses, e.g. immune globulin every 28 days × 6. */
@Entity({ name: 'treatment_plan' })
@Index('treatment_plan_patient_idx', ['patientId'])
export class TreatmentPlan {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_treatment_plan' })
  id!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'uuid', name: 'patient_id' })
  patientId!: string;

  @Column({ type: 'text', name: 'therapy_code' })
  therapyCode!: TherapyCode;

  /** A therapy the organisation defined: every dose is placed with its values (therapyCode is the built-in it counts as). */
  @Column({ type: 'uuid', name: 'therapy_id', nullable: true })
  therapyId!: string | null;

  @ManyToOne(() => OrganisationTherapy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapy_id', foreignKeyConstraintName: 'FK_treatment_plan_therapy' })
  therapy?: OrganisationTherapy;

  @Column({ type: 'integer', name: 'duration_minutes' })
  durationMinutes!: number;

  @Column({ type: 'integer' })
  doses!: number;

  @Column({ type: 'integer', name: 'interval_days' })
  intervalDays!: number;

  @Column({ type: 'timestamptz', name: 'first_starts_at' })
  firstStartsAt!: Date;

  /** Doses that could not be placed, with why; the plan stands and they are rebooked by hand. */
  @Column({ type: 'jsonb', name: 'unplaced_doses' })
  unplacedDoses!: Array<{ dose: number; targetStartsAt: string; reason: string }>;

  /** `active` until cancelled; a cancelled plan's remaining doses are cancelled with it. */
  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'cancelled';

  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'text', name: 'cancellation_reason', nullable: true })
  cancellationReason!: string | null;

  /** 1 when booked, +1 per cancel or reschedule: If-Match and the plan events' aggregate sequence. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
