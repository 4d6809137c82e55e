import { z } from 'zod';
import { CHAIR_KINDS, THERAPY_CODES } from '@chairside/domain';
import { defineEvent } from '../define-event.js';
import { Topics } from '../topics.js';
import { ianaTimeZone } from '../fields.js';

const utc = z.iso.datetime({ offset: false }).describe('UTC instant');
const local = z.iso.datetime({ local: true }).describe("Wall-clock time at the location, in its time zone, e.g. '2026-11-30T09:15:00'");

export const AppointmentBookedV1 = defineEvent({
  name: 'scheduling.appointment.booked',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description: 'A treatment was booked in a chair with a nurse. Times in UTC and in the location’s zone.',
  schema: z.object({
    appointmentId: z.uuid(),
    locationId: z.uuid(),
    patientId: z.uuid(),
    therapyCode: z.enum(THERAPY_CODES),
    chairId: z.uuid(),
    chairKind: z.enum(CHAIR_KINDS),
    nurseId: z.uuid(),
    startsAt: utc,
    endsAt: utc.describe('End of treatment and observation'),
    chairReleasedAt: utc.describe('End of chair turnover'),
    timeZone: ianaTimeZone,
    localStart: local,
    localEnd: local,
    durationMinutes: z.number().int().positive(),
    observationMinutes: z.number().int().nonnegative(),
    bookedAt: utc,
  }),
});
