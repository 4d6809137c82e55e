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

const appointmentRef = {
  appointmentId: z.uuid(),
  locationId: z.uuid(),
  patientId: z.uuid(),
  therapyCode: z.enum(THERAPY_CODES),
  chairId: z.uuid(),
  nurseId: z.uuid(),
  startsAt: utc,
  endsAt: utc,
  timeZone: ianaTimeZone,
  localStart: local,
};

export const CANCELLATION_REASONS = ['patient_request', 'clinical', 'center', 'other'] as const;

export const AppointmentCancelledV1 = defineEvent({
  name: 'scheduling.appointment.cancelled',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description: 'An appointment was cancelled; its chair, nurse and patient time are free again.',
  schema: z.object({
    ...appointmentRef,
    reason: z.enum(CANCELLATION_REASONS),
    cancelledAt: utc,
    /** Less than 24 hours before the start: counted apart in reporting. */
    lateCancellation: z.boolean(),
  }),
});

export const AppointmentConfirmedV1 = defineEvent({
  name: 'scheduling.appointment.confirmed',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description: 'The patient confirmed they will come (through staff, or by replying to a reminder).',
  schema: z.object({
    ...appointmentRef,
    confirmedAt: utc,
    via: z.enum(['staff', 'patient_reply']),
  }),
});

export const AppointmentNoShowV1 = defineEvent({
  name: 'scheduling.appointment.no-show',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description: 'The patient did not come; marked after the start plus the grace period (HL7 SIU S26, not a cancellation).',
  schema: z.object({
    ...appointmentRef,
    markedAt: utc,
  }),
});

export const AppointmentRescheduledV1 = defineEvent({
  name: 'scheduling.appointment.rescheduled',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description: 'An appointment moved to a new time (and possibly chair or nurse). Reminders for the old time no longer apply.',
  schema: z.object({
    ...appointmentRef,
    chairKind: z.enum(CHAIR_KINDS),
    chairReleasedAt: utc,
    localEnd: local,
    previousStartsAt: utc,
    previousEndsAt: utc,
    previousChairId: z.uuid(),
    previousNurseId: z.uuid(),
    durationMinutes: z.number().int().positive(),
    rescheduledAt: utc,
  }),
});
