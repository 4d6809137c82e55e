import { z } from 'zod';
import { CHANNELS, HHMM, LANGUAGES, NOTIFICATION_KINDS } from '@chairside/domain';
import { ianaTimeZone } from '../fields.js';
import { defineEvent } from '../define-event.js';
import { Topics } from '../topics.js';

/**
 * Personal data, on purpose: notifications needs to reach the patient. It travels only on the
 * compacted, internal contacts topic, which keeps the latest value per patient id, and never
 * appears in analytics events.
 */
export const PatientContactChangedV1 = defineEvent({
  name: 'scheduling.patient.contact-changed',
  version: 1,
  topic: Topics.schedulingPatientContacts,
  source: 'scheduling',
  aggregateType: 'patient',
  description: 'A patient’s contact details or notification preferences, full current state (internal; personal data).',
  schema: z.object({
    patientId: z.uuid(),
    organisationId: z.uuid(),
    givenName: z.string().min(1),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    preferredLanguage: z.enum(LANGUAGES),
    preferredChannel: z.enum(CHANNELS),
    notificationConsent: z.boolean(),
    /** Added in place (optional): absent means channels [preferredChannel], no opt-outs, no quiet hours. */
    preferences: z
      .object({
        channels: z.array(z.enum(CHANNELS)).min(1),
        optOutKinds: z.array(z.enum(NOTIFICATION_KINDS)),
        quietHours: z.object({ start: z.string().regex(HHMM), end: z.string().regex(HHMM) }).nullable(),
        timeZone: ianaTimeZone.nullable(),
      })
      .optional(),
  }),
});

/**
 * The patient's contact data was erased on request. Published on the contacts topic just before
 * the tombstone (a null value under the patient id) that lets compaction remove every earlier
 * contact record: every service that keeps a copy deletes it. Ids only.
 */
export const PatientContactErasedV1 = defineEvent({
  name: 'scheduling.patient.contact-erased',
  version: 1,
  topic: Topics.schedulingPatientContacts,
  source: 'scheduling',
  aggregateType: 'patient',
  description:
    'A patient’s contact details were erased on request: forget every copy (name, phone, email, preferences). A tombstone for the same key follows.',
  schema: z.object({
    patientId: z.uuid(),
    organisationId: z.uuid(),
    erasedAt: z.iso.datetime({ offset: false }),
  }),
});
