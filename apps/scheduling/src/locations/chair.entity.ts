import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { ChairKind } from '@chairside/domain';
import { Location } from './location.entity.js';

@Entity({ name: 'chair' })
@Unique('chair_location_label_key', ['locationId', 'label'])
export class Chair {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_chair' })
  id!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'FK_chair_location' })
  location?: Location;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text' })
  kind!: ChairKind;

  /** Every event of the chair so far (added, outages, updates): its If-Match version and event sequence. */
  @Column({ type: 'integer' })
  version!: number;

  /** Retired: kept for history, takes no bookings from then on. */
  @Column({ type: 'timestamptz', name: 'retired_at', nullable: true })
  retiredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
