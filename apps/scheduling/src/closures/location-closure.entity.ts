import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Location } from '../locations/location.entity.js';

/**
 * The location closed for a holiday (a whole local day) or part of one (local times). The instants
 * are computed in the location's zone when it is recorded, so a DST day closes for its real length.
 */
@Entity({ name: 'location_closure' })
@Index('location_closure_location_idx', ['locationId', 'startsAt'])
export class LocationClosure {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_location_closure' })
  id!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @ManyToOne(() => Location, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'FK_location_closure_location' })
  location?: Location;

  @Column({ type: 'date', name: 'local_date' })
  localDate!: string;

  /** 'HH:mm' local; null for a holiday (the whole day). */
  @Column({ type: 'text', name: 'local_from', nullable: true })
  localFrom!: string | null;

  @Column({ type: 'text', name: 'local_to', nullable: true })
  localTo!: string | null;

  @Column({ type: 'timestamptz', name: 'starts_at' })
  startsAt!: Date;

  @Column({ type: 'timestamptz', name: 'ends_at' })
  endsAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  /** 1 when added, +1 per change: a change or removal names the version it replaces (If-Match). */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
