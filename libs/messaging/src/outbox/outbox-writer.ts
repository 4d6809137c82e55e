import type { EntityManager } from 'typeorm';
import { type SqlStatement, valuesPlaceholders } from '@chairside/database';
import {
  buildEvent,
  type CloudEvent,
  type DataOf,
  type EventDefinition,
  type EventMetadata,
  type InputOf,
} from '@chairside/contracts';

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
