import type { EntityManager } from 'typeorm';
import { buildEvent, type CloudEvent, type DataOf, type EventDefinition, type EventMetadata, type InputOf } from '@chairside/contracts';

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
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`appendToOutbox(${definition.type}) must run inside a transaction with the state change`);
  }
  const event = buildEvent(definition, data, meta);
  await manager.query(
    `INSERT INTO outbox (event_id, topic, message_key, event_type, aggregate_type, aggregate_id, aggregate_sequence, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [event.id, definition.topic.name, event.aggregateid, event.type, event.aggregatetype, event.aggregateid, event.aggregatesequence, JSON.stringify(event)],
  );
  return event;
}
