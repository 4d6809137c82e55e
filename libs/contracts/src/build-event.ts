import { randomUUID } from 'node:crypto';
import type { CloudEvent } from './envelope.js';
import type { EventDefinition, InputOf, DataOf } from './define-event.js';

export interface EventMetadata {
  aggregateId: string;
  aggregateSequence: number;
  correlationId: string;
  causationId?: string;
  /** The token subject behind the change; absent: the producing service itself (`service:<name>`). */
  actor?: string;
  actorClient?: string;
  locationId?: string;
  /** Defaults to now; set by tests and the simulator's clock. */
  time?: Date;
  id?: string;
}

/**
 * Builds a validated CloudEvent. Throws when the data does not match the schema: an invalid
 * event is a programming error in the producer and must never reach the outbox.
 */
export function buildEvent<D extends EventDefinition>(
  definition: D,
  data: InputOf<D>,
  meta: EventMetadata,
): CloudEvent<DataOf<D>> {
  const parsed = definition.schema.parse(data) as DataOf<D>;
  const event: CloudEvent<DataOf<D>> = {
    specversion: '1.0',
    id: meta.id ?? randomUUID(),
    source: `/chairside/${definition.source}`,
    type: definition.type,
    time: (meta.time ?? new Date()).toISOString(),
    subject: `${definition.aggregateType}/${meta.aggregateId}`,
    datacontenttype: 'application/json',
    dataschema: definition.dataschema,
    correlationid: meta.correlationId,
    aggregatetype: definition.aggregateType,
    aggregateid: meta.aggregateId,
    aggregatesequence: meta.aggregateSequence,
    data: parsed,
  };
  if (meta.causationId !== undefined) event.causationid = meta.causationId;
  event.actor = meta.actor ?? `service:${definition.source}`;
  if (meta.actorClient !== undefined) event.actorclient = meta.actorClient;
  if (meta.locationId !== undefined) event.locationid = meta.locationId;
  return event;
}
