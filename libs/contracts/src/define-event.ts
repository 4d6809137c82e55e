import type { z } from 'zod';
import type { ServiceName, TopicSpec } from './topics.js';

export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  /** The CloudEvents `type`: stable name plus version, e.g. chairside.scheduling.location.registered.v1. */
  readonly type: TType;
  readonly name: string;
  readonly version: number;
  readonly topic: TopicSpec;
  readonly source: ServiceName;
  readonly aggregateType: string;
  readonly schema: TSchema;
  readonly description: string;
  /** URI of the published JSON Schema for this event (docs/events/schemas). */
  readonly dataschema: string;
}

/**
 * A new version of an event is a new definition (V2 beside V1), never an edit of V1:
 * consumers built against V1 keep working while producers migrate.
 */
export function defineEvent<const TName extends string, const TVersion extends number, TSchema extends z.ZodType>(spec: {
  name: TName;
  version: TVersion;
  topic: TopicSpec;
  source: ServiceName;
  aggregateType: string;
  schema: TSchema;
  description: string;
}): EventDefinition<`chairside.${TName}.v${TVersion}`, TSchema> {
  const type = `chairside.${spec.name}.v${spec.version}` as const;
  return Object.freeze({ ...spec, type, dataschema: `urn:chairside:event-schema:${type}` });
}

export type DataOf<D extends EventDefinition> = z.output<D['schema']>;
export type InputOf<D extends EventDefinition> = z.input<D['schema']>;
