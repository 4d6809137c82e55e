import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Events this service has handled, keyed by event id and written in the same transaction as
 * the handler's effects: a redelivered event finds its row and has no second effect.
 */
@Entity({ name: 'inbox' })
export class InboxMessage {
  @PrimaryColumn({ type: 'uuid', name: 'event_id', primaryKeyConstraintName: 'PK_inbox_event_id' })
  eventId!: string;

  @Column({ type: 'text', name: 'event_type' })
  eventType!: string;

  @Column({ type: 'text', name: 'aggregate_id' })
  aggregateId!: string;

  @Column({ type: 'integer', name: 'aggregate_sequence' })
  aggregateSequence!: number;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'integer' })
  partition!: number;

  @Column({ type: 'bigint', name: 'kafka_offset' })
  kafkaOffset!: string;

  /** applied, or dead_lettered when the handler kept failing and the event went to the dead-letter topic. */
  @Column({ type: 'text', default: 'applied' })
  outcome!: 'applied' | 'dead_lettered';

  @Column({ type: 'timestamptz', name: 'handled_at', default: () => 'clock_timestamp()' })
  handledAt!: Date;
}
