import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * What a scheduler did about one item of a work queue. An item is (queue, subject, key): the key
 * is what raised it (the start of an unconfirmed booking, when the patient asked to move, when the
 * appointment became at risk…), so the same appointment raised again is a new item.
 */
@Entity({ name: 'work_item_resolution' })
@Unique('work_item_resolution_item_key', ['queue', 'subjectId', 'itemKey'])
@Index('work_item_resolution_location_idx', ['locationId', 'resolvedAt'])
export class WorkItemResolution {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_work_item_resolution' })
  id!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'text' })
  queue!: string;

  /** The appointment (or, for waitlist offers, the waitlist request) the item is about. */
  @Column({ type: 'uuid', name: 'subject_id' })
  subjectId!: string;

  @Column({ type: 'text', name: 'item_key' })
  itemKey!: string;

  @Column({ type: 'text' })
  outcome!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** The staff member (token subject). */
  @Column({ type: 'text', name: 'actor_id' })
  actorId!: string;

  @Column({ type: 'timestamptz', name: 'resolved_at', default: () => 'now()' })
  resolvedAt!: Date;
}
