import { z } from 'zod';
import { CHAIR_KINDS } from '@chairside/domain';
import { defineEvent } from '../define-event.js';
import { Topics } from '../topics.js';
import { ianaTimeZone } from '../fields.js';

export const LocationRegisteredV1 = defineEvent({
  name: 'scheduling.location.registered',
  version: 1,
  topic: Topics.schedulingLocations,
  source: 'scheduling',
  aggregateType: 'location',
  description: 'An infusion center location was registered for an organisation.',
  schema: z.object({
    locationId: z.uuid(),
    organisationId: z.uuid(),
    name: z.string().min(1).max(200).describe('The center’s public name, not a person’s.'),
    timeZone: ianaTimeZone,
    centerAddress: z
      .string()
      .max(300)
      .optional()
      .describe('The center’s street address, for patients (optional field, added in place).'),
  }),
});

export const LocationUpdatedV1 = defineEvent({
  name: 'scheduling.location.updated',
  version: 1,
  topic: Topics.schedulingLocations,
  source: 'scheduling',
  aggregateType: 'location',
  description: 'A location’s name or time zone changed. Carries the full new state.',
  schema: z.object({
    locationId: z.uuid(),
    organisationId: z.uuid(),
    name: z.string().min(1).max(200),
    timeZone: ianaTimeZone,
    centerAddress: z.string().max(300).optional(),
  }),
});

export const ChairAddedV1 = defineEvent({
  name: 'scheduling.chair.added',
  version: 1,
  topic: Topics.schedulingChairs,
  source: 'scheduling',
  aggregateType: 'chair',
  description: 'A treatment chair, bed or private room was added to a location.',
  schema: z.object({
    chairId: z.uuid(),
    locationId: z.uuid(),
    label: z.string().min(1).max(50),
    kind: z.enum(CHAIR_KINDS),
  }),
});
