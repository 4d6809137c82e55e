import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * An event waiting to be published, written in the same transaction as the state change.
 * `position` orders publication; (aggregate, sequence) is unique so one aggregate's history
 * has no duplicates or forks.
 */
@Entity({ name: 'outbox' })
@Unique('UQ_outbox_event_id', ['eventId'])
@Unique('outbox_aggregate_sequence_key', ['aggregateType', 'aggregateId', 'aggregateSequence'])
@Index('outbox_unpublished_idx', ['position'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'position', primaryKeyConstraintName: 'PK_outbox_position' })
  position!: string;

  @Column({ type: 'uuid', name: 'event_id' })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text', name: 'message_key' })
  messageKey!: string;

  @Column({ type: 'text', name: 'event_type' })
  eventType!: string;

  @Column({ type: 'text', name: 'aggregate_type' })
  aggregateType!: string;

  @Column({ type: 'text', name: 'aggregate_id' })
  aggregateId!: string;

  @Column({ type: 'integer', name: 'aggregate_sequence' })
  aggregateSequence!: number;

  /** The CloudEvent exactly as it will be published (text, so the bytes are not re-serialised). */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
