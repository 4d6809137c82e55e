import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Chair } from '../locations/chair.entity.js';

/** A period when a chair cannot take patients: repair, deep cleaning, a broken pump. */
@Entity({ name: 'chair_outage' })
@Index('chair_outage_chair_idx', ['chairId', 'startsAt'])
export class ChairOutage {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_chair_outage' })
  id!: string;

  @Column({ type: 'uuid', name: 'chair_id' })
  chairId!: string;

  @ManyToOne(() => Chair, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chair_id', foreignKeyConstraintName: 'FK_chair_outage_chair' })
  chair?: Chair;

  @Column({ type: 'timestamptz', name: 'starts_at' })
  startsAt!: Date;

  @Column({ type: 'timestamptz', name: 'ends_at' })
  endsAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  /** For If-Match: one more with each edit. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Cancelled outages are kept (and published), and no longer take the chair out of service. */
  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'text', name: 'cancellation_reason', nullable: true })
  cancellationReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
