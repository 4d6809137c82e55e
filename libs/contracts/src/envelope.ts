import { z } from 'zod';

/**
 * CloudEvents 1.0 envelope, structured content mode (the Kafka value is the whole event as JSON).
 * Extension attribute names are lower-case alphanumerics, as the CloudEvents spec requires.
 */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

export const EVENT_TYPE_PATTERN = /^chairside\.[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+\.v[1-9][0-9]*$/;

export const envelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  source: z.string().min(1),
  type: z.string().regex(EVENT_TYPE_PATTERN, 'must look like chairside.<area>.<entity>.<verb>.v<version>'),
  time: z.iso.datetime({ offset: false }),
  subject: z.string().min(1),
  datacontenttype: z.literal('application/json'),
  dataschema: z.string().min(1),
  /** Same for every event caused, directly or not, by one user request or one simulator step. */
  correlationid: z.uuid(),
  /** The id of the event (or request) that caused this one. */
  causationid: z.string().min(1).optional(),
  /**
   * Who caused the event: the token subject of the request behind it (carried on through the events
   * it causes), `patient-link:<message id>` for a patient's answer on their appointment page (no
   * login: the signed link is the key), or `service:<name>` for what a service does on its own
   * (sweepers, timers). Optional so
   * events written before it was added still validate; consumers that do not know it ignore it.
   */
  actor: z.string().min(1).optional(),
  /** The OAuth client (token `azp`) the actor used, when known. */
  actorclient: z.string().min(1).optional(),
  /** Absent only for events that belong to no single location (e.g. organisation settings). */
  locationid: z.uuid().optional(),
  aggregatetype: z.string().min(1),
  /** Also the Kafka key, so one aggregate's events stay in one partition, in order. */
  aggregateid: z.string().min(1),
  /** 1, 2, 3… per aggregate: consumers can tell a gap or a replay from a new fact. */
  aggregatesequence: z.number().int().positive(),
  data: z.unknown(),
});

export type Envelope = z.infer<typeof envelopeSchema>;
export type CloudEvent<TData> = Omit<Envelope, 'data'> & { data: TData };
