import type { EntityManager } from 'typeorm';
import type { CloudEvent } from '@chairside/contracts';
import { valuesPlaceholders } from '@chairside/database';

/** An event as it came off Kafka: where from, for the inbox row. */
export interface InboxEntry {
  event: CloudEvent<unknown>;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Records events in the inbox, one INSERT for the whole transaction (the runs of every partition it
 * applies), inside the transaction that applies them; returns the ids not seen before (the ones to
 * apply). A redelivered event is skipped here.
 */
export async function claimInInbox(
  manager: EntityManager,
  items: ReadonlyArray<InboxEntry>,
  outcome: 'applied' | 'dead_lettered',
): Promise<Set<string>> {
  const values = items.flatMap(({ event, topic, partition, offset }) => [
    event.id,
    event.type,
    event.aggregateid,
    event.aggregatesequence,
    topic,
    partition,
    offset,
    outcome,
  ]);
  const inserted = (await manager.query(
    `INSERT INTO inbox (event_id, event_type, aggregate_id, aggregate_sequence, topic, partition, kafka_offset, outcome)
     VALUES ${valuesPlaceholders(items.length, 8)} ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    values,
  )) as Array<{ event_id: string }>;
  return new Set(inserted.map((r) => r.event_id));
}
