import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { Topics } from '../topics.js';

const utc = z.iso.datetime({ offset: false }).describe('UTC instant');

/** Published by the sessions service; scheduling and notifications react to these two. */
export const SessionOverrunProjectedV1 = defineEvent({
  name: 'sessions.session.overrun-projected',
  version: 1,
  topic: Topics.sessions,
  source: 'sessions',
  aggregateType: 'session',
  description: 'A session in progress will end after its planned end (treatment and observation). Emitted again when the projection moves later.',
  schema: z.object({
    appointmentId: z.uuid(),
    locationId: z.uuid(),
    chairId: z.uuid(),
    nurseId: z.uuid(),
    plannedEndsAt: utc,
    projectedEndsAt: utc,
    projectedAt: utc,
  }),
});

export const SessionEndedEarlyV1 = defineEvent({
  name: 'sessions.session.ended-early',
  version: 1,
  topic: Topics.sessions,
  source: 'sessions',
  aggregateType: 'session',
  description: 'A session ended (the patient left the chair) before its planned end: the chair is free from actualEndsAt plus turnover.',
  schema: z.object({
    appointmentId: z.uuid(),
    locationId: z.uuid(),
    chairId: z.uuid(),
    nurseId: z.uuid(),
    plannedEndsAt: utc,
    actualEndsAt: utc,
  }),
});
