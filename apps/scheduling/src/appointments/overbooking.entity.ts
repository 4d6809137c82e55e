import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Who placed a treatment against the rules, which rules, and why: kept for as long as the appointment. */
@Entity({ name: 'overbooking_audit' })
@Index('overbooking_audit_location_idx', ['locationId', 'createdAt'])
export class OverbookingAudit {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_overbooking_audit' })
  id!: string;

  @Column({ type: 'uuid', name: 'appointment_id' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  /** The admin's user id (staff, not a patient). */
  @Column({ type: 'text', name: 'actor_id' })
  actorId!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** The rules the placement breaks, e.g. nurse-capacity, closed. */
  @Column({ type: 'text', array: true })
  violations!: string[];

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
