import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { type SqlStatement, valuesPlaceholders } from '@chairside/database';
import {
  buildEvent,
  type CloudEvent,
  type DataOf,
  type EventDefinition,
  type EventMetadata,
  type InputOf,
  type TopicSpec,
} from '@chairside/contracts';
import type { StagedWrite } from '../inbox/staged-writes.js';

/**
 * Appends an event to the outbox inside the caller's transaction. The data is validated
 * against the event's schema first, so an invalid event fails the whole state change.
 */
export async function appendToOutbox<D extends EventDefinition>(
  manager: EntityManager,
  definition: D,
  data: InputOf<D>,
  meta: EventMetadata,
): Promise<CloudEvent<DataOf<D>>> {
  const [event] = await appendManyToOutbox(manager, definition, [{ data, meta }]);
  return event!;
}

/** Several events of one type in one INSERT (e.g. every dose of a series booking). */
export async function appendManyToOutbox<D extends EventDefinition>(
  manager: EntityManager,
  definition: D,
  items: ReadonlyArray<{ data: InputOf<D>; meta: EventMetadata }>,
  write?: SqlStatement,
): Promise<Array<CloudEvent<DataOf<D>>>> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`appendToOutbox(${definition.type}) must run inside a transaction with the state change`);
  }
  if (!items.length) {
    if (write) await manager.query(write.sql, write.parameters);
    return [];
  }
  const { statement, events } = outboxInsert(definition, items, write);
  await manager.query(statement.sql, statement.parameters);
  return events;
}

/**
 * The INSERT of events into the outbox (after `write`, as a data-modifying CTE, when given) and
 * the events it holds; validates each against its schema. For callers that send it themselves.
 */
export function outboxInsert<D extends EventDefinition>(
  definition: D,
  items: ReadonlyArray<{ data: InputOf<D>; meta: EventMetadata }>,
  write?: SqlStatement,
): { statement: SqlStatement; events: Array<CloudEvent<DataOf<D>>> } {
  const events = items.map(({ data, meta }) => buildEvent(definition, data, meta));
  const values = events.flatMap((event) => [
    event.id,
    definition.topic.name,
    event.aggregateid,
    event.type,
    event.aggregatetype,
    event.aggregateid,
    event.aggregatesequence,
    JSON.stringify(event),
  ]);
  const before = write?.parameters ?? [];
  return {
    statement: {
      sql: `${write ? `WITH written AS (${write.sql}) ` : ''}INSERT INTO outbox (event_id, topic, message_key, event_type, aggregate_type, aggregate_id, aggregate_sequence, payload) VALUES ${valuesPlaceholders(events.length, 8, before.length)}`,
      parameters: [...before, ...values],
    },
    events,
  };
}

/**
 * The state change and its event in one statement (a data-modifying CTE): one round trip
 * instead of two on the hottest writes. If the write fails, so does the event; nothing is half
 * done. The write must not depend on reading the outbox row, which it cannot see.
 */
export async function appendToOutboxWith<D extends EventDefinition>(
  manager: EntityManager,
  write: SqlStatement,
  definition: D,
  data: InputOf<D>,
  meta: EventMetadata,
): Promise<CloudEvent<DataOf<D>>> {
  const [event] = await appendManyToOutbox(manager, definition, [{ data, meta }], write);
  return event!;
}

/** The outbox `event_type` of a tombstone: the relay publishes its key with a null value. */
export const TOMBSTONE_EVENT_TYPE = 'tombstone';

/**
 * A tombstone (null value) for `key` on a compacted topic, in the caller's transaction and in
 * order after the events appended before it: once the log cleaner passes, no record for the key
 * is left. `sequence` keeps one tombstone per key and version.
 */
export async function appendTombstone(manager: EntityManager, topic: TopicSpec, key: string, sequence: number): Promise<void> {
  if (topic.cleanupPolicy !== 'compact') throw new Error(`a tombstone on ${topic.name} would erase nothing: it is not compacted`);
  if (!manager.queryRunner?.isTransactionActive)
    throw new Error('appendTombstone must run inside a transaction with the erasure');
  await manager.query(
    `INSERT INTO outbox (event_id, topic, message_key, event_type, aggregate_type, aggregate_id, aggregate_sequence, payload)
     VALUES ($1, $2, $3, $4, $4, $3, $5, '')`,
    [randomUUID(), topic.name, key, TOMBSTONE_EVENT_TYPE, sequence],
  );
}

/** An event derived from the one being handled (e.g. its de-identified copy for analytics). */
export interface DerivedEvent {
  definition: EventDefinition;
  data: unknown;
  meta: EventMetadata & { id: string };
}

/**
 * Derived events, written with the inbox run's other staged rows in one INSERT. Their ids are
 * derived from the source event's (derivedEventId), so a replay of the source (a rebuild) derives
 * the same events and the outbox keeps the first: nothing doubled while the row is kept, and the
 * same id (which consumers deduplicate on) after it is purged.
 */
export const derivedEventsWrite: StagedWrite<DerivedEvent> = {
  key: (e) => e.meta.id,
  merge: (earlier) => earlier,
  write: async (manager, items) => {
    const rows = items.map(({ definition, data, meta }) => ({
      definition,
      event: buildEvent(definition, data as InputOf<typeof definition>, meta),
    }));
    await manager.query(
      `INSERT INTO outbox (event_id, topic, message_key, event_type, aggregate_type, aggregate_id, aggregate_sequence, payload)
       VALUES ${valuesPlaceholders(rows.length, 8)} ON CONFLICT DO NOTHING`,
      rows.flatMap(({ definition, event }) => [
        event.id,
        definition.topic.name,
        event.aggregateid,
        event.type,
        event.aggregatetype,
        event.aggregateid,
        event.aggregatesequence,
        JSON.stringify(event),
      ]),
    );
  },
};

/** A stable event id (UUID, version 8) for what `sourceEventId` derives under `type`. */
export function derivedEventId(sourceEventId: string, type: string): string {
  const hex = createHash('sha256').update(`${sourceEventId}\n${type}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
