import { z } from 'zod';
import {
  CHAIR_KINDS,
  CHANNELS,
  NOTIFICATION_KINDS,
  REACTION_ACTIONS,
  REACTION_KINDS,
  REACTION_OUTCOMES,
  ROUTES,
  THERAPY_CODES,
  VITAL_MEASURES,
} from '@chairside/domain';
import { defineEvent } from '../define-event.js';
import { Topics, type TopicSpec } from '../topics.js';
import { ianaTimeZone } from '../fields.js';
import { CANCELLATION_REASONS } from './scheduling-appointments.js';
import { SUPPRESSION_REASONS } from './notifications.js';

/*
 * The limited data set (docs/events.md, "The analytics stream"): what analytics teams read,
 * published by reporting from the internal events it consumes. The patient appears only as a
 * keyed pseudonym; instants are cut to the minute; nothing a person typed travels here (pause and
 * stop reasons, access site, outage reasons and override reasons are dropped, not summarised).
 */

/** An instant cut to the minute ('2026-11-30T09:15Z'): enough for waits and utilisation, no finer. */
export const analyticsMinute = z.iso
  .datetime({ offset: false, precision: -1 })
  .describe("UTC instant to the minute, e.g. '2026-11-30T09:15Z'");
const serviceDate = z.iso.date().describe('The local date of the visit at its location');

/** HMAC-SHA256 of the patient id under the deployment's pseudonym key, lower-case hex. */
export const PATIENT_PSEUDONYM = /^[0-9a-f]{64}$/;
/** Names the key a pseudonym was made with, so a consumer knows when the key was rotated. */
export const PSEUDONYM_KEY_ID = /^[A-Za-z0-9._-]{1,40}$/;

const pseudonymFields = {
  patientPseudonym: z
    .string()
    .regex(PATIENT_PSEUDONYM)
    .describe(
      'HMAC-SHA256 of the patient id under the key pseudonymKeyId names: the same patient, the same value, while the key stays',
    ),
  pseudonymKeyId: z
    .string()
    .regex(PSEUDONYM_KEY_ID)
    .describe('Which pseudonym key made patientPseudonym (changes when the key is rotated)'),
};

function analyticsEvent<const TName extends string, T extends z.ZodRawShape>(
  topic: TopicSpec,
  aggregateType: string,
  name: TName,
  description: string,
  shape: T,
) {
  return defineEvent({ name, version: 1, topic, source: 'reporting', aggregateType, description, schema: z.object(shape) });
}

const visitRef = {
  visitId: z.uuid().describe('The appointment id; the same visit on analytics.sessions and analytics.messages'),
  locationId: z.uuid(),
};

export const AnalyticsVisitPlannedV1 = analyticsEvent(
  Topics.analyticsVisits,
  'analytics-visit',
  'analytics.visit.planned',
  'A visit was booked or moved: its plan as it now stands (the latest one counts).',
  {
    ...visitRef,
    ...pseudonymFields,
    therapyCode: z.enum(THERAPY_CODES),
    chairId: z.uuid(),
    chairKind: z.enum(CHAIR_KINDS),
    nurseId: z.uuid(),
    serviceDate,
    startsAt: analyticsMinute,
    endsAt: analyticsMinute.describe('End of treatment and observation'),
    plannedMinutes: z.number().int().positive().describe('Treatment minutes planned, observation excluded'),
    leadDays: z.number().int().nonnegative().describe('Whole days from booking (or moving) to the start'),
    rescheduled: z.boolean(),
    overbooked: z.boolean(),
    doseNumber: z.number().int().positive().optional().describe('Dose of a treatment plan, when it is one'),
  },
);

export const AnalyticsVisitConfirmedV1 = analyticsEvent(
  Topics.analyticsVisits,
  'analytics-visit',
  'analytics.visit.confirmed',
  'The patient confirmed the visit, through staff or by replying to a reminder.',
  { ...visitRef, at: analyticsMinute, via: z.enum(['staff', 'patient_reply']) },
);

export const AnalyticsVisitCancelledV1 = analyticsEvent(
  Topics.analyticsVisits,
  'analytics-visit',
  'analytics.visit.cancelled',
  'The visit was cancelled, with the coded reason and whether it was late (under 24 hours before the start).',
  { ...visitRef, serviceDate, at: analyticsMinute, reason: z.enum(CANCELLATION_REASONS), lateCancellation: z.boolean() },
);

export const AnalyticsVisitNoShowV1 = analyticsEvent(
  Topics.analyticsVisits,
  'analytics-visit',
  'analytics.visit.no-show',
  'The patient did not come.',
  { ...visitRef, serviceDate },
);

const sessionRef = {
  ...visitRef,
  therapyCode: z.enum(THERAPY_CODES),
  chairId: z.uuid(),
  at: analyticsMinute.describe('When the step was recorded'),
};

function sessionFact<const TName extends string, T extends z.ZodRawShape>(name: TName, description: string, shape: T) {
  return analyticsEvent(Topics.analyticsSessions, 'analytics-session', name, description, { ...sessionRef, ...shape });
}

export const AnalyticsSessionCheckedInV1 = sessionFact('analytics.session.checked-in', 'The patient checked in.', {
  lateMinutes: z.number().int().describe('Minutes after the planned start; negative when early'),
});
export const AnalyticsSessionSeatedV1 = sessionFact('analytics.session.seated', 'The patient is in the chair.', {});
export const AnalyticsSessionDrugReadyV1 = sessionFact('analytics.session.drug-ready', 'The drug is at the chair.', {});
export const AnalyticsSessionAccessEstablishedV1 = sessionFact(
  'analytics.session.access-established',
  'Access for the route is in place (the site is not published).',
  { route: z.enum(ROUTES), attempts: z.number().int().positive(), numbingSprayUsed: z.boolean() },
);
export const AnalyticsInfusionStartedV1 = sessionFact('analytics.infusion.started', 'The drug started running.', {
  minutesAfterPlannedStart: z.number().int().describe('Negative when it started before the planned start'),
});
export const AnalyticsInfusionPausedV1 = sessionFact(
  'analytics.infusion.paused',
  'The infusion was paused (the reason the nurse typed is not published).',
  {},
);
export const AnalyticsInfusionResumedV1 = sessionFact('analytics.infusion.resumed', 'The infusion runs again.', {
  ratePercent: z.number().int().min(1).max(200),
});
export const AnalyticsInfusionRateChangedV1 = sessionFact('analytics.infusion.rate-changed', 'The rate changed while infusing.', {
  ratePercent: z.number().int().min(1).max(200),
});
export const AnalyticsInfusionCompletedV1 = sessionFact('analytics.infusion.completed', 'The whole dose ran.', {
  infusingMinutes: z.number().int().nonnegative(),
  plannedDurationMinutes: z.number().int().positive(),
});
export const AnalyticsInfusionStoppedEarlyV1 = sessionFact(
  'analytics.infusion.stopped-early',
  'The infusion was stopped before the whole dose ran (the reason the nurse typed is not published).',
  {},
);
export const AnalyticsSessionDischargedV1 = sessionFact('analytics.session.discharged', 'The patient left the chair.', {
  minutesAfterPlannedEnd: z.number().int().describe('Negative when the patient left before the planned end'),
  stoppedEarly: z.boolean(),
});
export const AnalyticsReactionRecordedV1 = sessionFact(
  'analytics.reaction.recorded',
  'A reaction with its CTCAE grade, the actions taken and the outcome; whether the protocol was overridden (not who, not why).',
  {
    reactionId: z.uuid(),
    kind: z.enum(REACTION_KINDS),
    ctcaeGrade: z.number().int().min(1).max(5),
    actions: z.array(z.enum(REACTION_ACTIONS)).min(1),
    outcome: z.enum(REACTION_OUTCOMES),
    protocolOverridden: z.boolean(),
  },
);
export const AnalyticsVitalsOutOfRangeV1 = sessionFact(
  'analytics.vitals.out-of-range',
  'Vital signs outside the alert range: which measures (LOINC), not their values.',
  { findings: z.array(z.object({ measure: z.enum(VITAL_MEASURES), loinc: z.string().regex(/^\d{1,7}-\d$/) })).min(1) },
);

export const AnalyticsMessageOutcomeV1 = analyticsEvent(
  Topics.analyticsMessages,
  'analytics-message',
  'analytics.message.outcome',
  'What happened to a message to a patient: sent, delivered, failed, suppressed or cancelled, with the coded reason.',
  {
    messageId: z.uuid(),
    ...visitRef,
    kind: z.enum(NOTIFICATION_KINDS),
    channel: z.enum(CHANNELS),
    offsetHours: z.number().int().positive().optional().describe('Reminders: hours before the start'),
    status: z.enum(['sent', 'delivered', 'failed', 'suppressed', 'cancelled']),
    reason: z
      .enum([...SUPPRESSION_REASONS, 'rescheduled', 'cancelled', 'no-show'])
      .optional()
      .describe('Suppressed: why; cancelled: because of what'),
    fallback: z.boolean().optional().describe('Sent: on a fallback channel after the first failed'),
    at: analyticsMinute,
  },
);

export const AnalyticsLocationDescribedV1 = analyticsEvent(
  Topics.analyticsLocations,
  'analytics-location',
  'analytics.location.described',
  'A center as it now is (registered or changed): its organisation, name and time zone. Full state.',
  { locationId: z.uuid(), organisationId: z.uuid(), name: z.string().min(1).max(200), timeZone: ianaTimeZone },
);

export const AnalyticsLocationHoursSetV1 = analyticsEvent(
  Topics.analyticsLocations,
  'analytics-location',
  'analytics.location.hours-set',
  'A center’s weekly opening hours (ISO weekday 1 = Monday) and closed dates, local. Full state.',
  {
    locationId: z.uuid(),
    weeklyHours: z.partialRecord(
      z.enum(['1', '2', '3', '4', '5', '6', '7']),
      z.array(
        z.object({
          opens: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/),
          closes: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/),
        }),
      ),
    ),
    closedDates: z.array(z.iso.date()),
  },
);

export const AnalyticsChairAddedV1 = analyticsEvent(
  Topics.analyticsLocations,
  'analytics-chair',
  'analytics.chair.added',
  'A chair, bed or private room was added to a center.',
  { chairId: z.uuid(), locationId: z.uuid(), kind: z.enum(CHAIR_KINDS) },
);
