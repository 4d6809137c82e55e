import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TherapyCode } from '@chairside/domain';

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

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
