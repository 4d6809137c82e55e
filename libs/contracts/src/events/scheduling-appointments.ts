import { z } from 'zod';
import { CHAIR_KINDS, THERAPY_CODES } from '@chairside/domain';
import { defineEvent } from '../define-event.js';
import { Topics } from '../topics.js';
import { ianaTimeZone } from '../fields.js';
import { preparationRequirements } from './scheduling-resources.js';

const utc = z.iso.datetime({ offset: false }).describe('UTC instant');
const local = z.iso
  .datetime({ local: true })
  .describe("Wall-clock time at the location, in its time zone, e.g. '2026-11-30T09:15:00'");

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
    /** Placed by an admin against opening hours, pharmacy lead time or nurse capacity (audited). */
    overbooked: z.boolean().optional(),
    treatmentPlanId: z.uuid().optional(),
    doseNumber: z.number().int().positive().optional(),
    therapy: z
      .object({
        therapyId: z.uuid(),
        code: z.string().min(1).max(40),
        name: z.string().min(1).max(100),
        preparation: preparationRequirements,
      })
      .optional()
      .describe(
        'A therapy the organisation defined itself (therapyCode is then the built-in it is counted as): its name and the preparation the patient is asked for, as at booking.',
      ),
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

export const AppointmentHeldV1 = defineEvent({
  name: 'scheduling.appointment.held',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'A slot is held for a patient (FHIR status proposed) until holdExpiresAt: it blocks the chair and nurse like a booking, and becomes one when confirmed (appointment.booked) or lapses (appointment.hold-expired).',
  schema: z.object({
    ...appointmentRef,
    chairReleasedAt: utc,
    holdExpiresAt: utc,
  }),
});

export const AppointmentHoldExpiredV1 = defineEvent({
  name: 'scheduling.appointment.hold-expired',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'A hold lapsed or was released without being booked; its time is free again. Not a cancellation: nothing was ever booked.',
  schema: z.object({
    ...appointmentRef,
    expiredAt: utc,
  }),
});

export const AppointmentWaitlistOfferedV1 = defineEvent({
  name: 'scheduling.appointment.waitlist-offered',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'Time freed by a cancellation (or an early finish) is offered to the best-matching waitlisted request, as a hold the patient or a scheduler can confirm before offerExpiresAt.',
  schema: z.object({
    ...appointmentRef,
    waitlistRequestId: z.uuid(),
    offerExpiresAt: utc,
    /** The appointment whose cancellation freed the time, when there was one. */
    freedByAppointmentId: z.uuid().optional(),
  }),
});

export const AppointmentArrivedV1 = defineEvent({
  name: 'scheduling.appointment.arrived',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'The patient checked in for a booked appointment (FHIR Appointment arrived); the session owns what happens next. Follows sessions.session.checked-in.',
  schema: z.object({
    ...appointmentRef,
    arrivedAt: utc,
  }),
});

export const AppointmentArrivalUndoneV1 = defineEvent({
  name: 'scheduling.appointment.arrival-undone',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'The check-in was entered in error at the chair: the appointment is booked again (the patient is not here yet). Follows sessions.session.step-entered-in-error of a check-in.',
  schema: z.object({
    ...appointmentRef,
    undoneAt: utc,
    reason: z.string().min(1).max(500),
  }),
});

export const AppointmentFulfilledV1 = defineEvent({
  name: 'scheduling.appointment.fulfilled',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'The treatment took place (FHIR Appointment fulfilled). endedEarly: the session ended before its planned end, so endsAt is now the actual end and the chair frees earlier; otherwise the patient was discharged at actualEndsAt. An appointment that ended early is fulfilled again at discharge.',
  schema: z.object({
    ...appointmentRef,
    actualEndsAt: utc,
    endedEarly: z.boolean(),
  }),
});

export const AppointmentRescheduleRequestedV1 = defineEvent({
  name: 'scheduling.appointment.reschedule-requested',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'The patient asked to move the appointment (replied R to a reminder); it stays booked until staff reschedule or cancel it.',
  schema: z.object({
    ...appointmentRef,
    requestedAt: utc,
  }),
});

export const AT_RISK_CAUSES = ['chair_overrun', 'nurse_overrun'] as const;

export const AppointmentAtRiskV1 = defineEvent({
  name: 'scheduling.appointment.at-risk',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'A session before this appointment, on its chair or with its nurse, is projected to run past this start: the start will likely slip by about delayMinutes. Notifications may send a delay notice.',
  schema: z.object({
    ...appointmentRef,
    cause: z.enum(AT_RISK_CAUSES),
    /** The overrunning session's appointment. */
    overrunAppointmentId: z.uuid(),
    projectedStartsAt: utc,
    localProjectedStart: local,
    delayMinutes: z.number().int().positive(),
    detectedAt: utc,
  }),
});

export const AppointmentDelayClearedV1 = defineEvent({
  name: 'scheduling.appointment.delay-cleared',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'The overrunning session that put this appointment at risk ended in time: its chair (after turnover) and nurse are free by the planned start, so it is no longer at risk. Notifications tells a patient who was warned of the delay that the visit is back on time.',
  schema: z.object({
    ...appointmentRef,
    /** The session whose overrun had put it at risk. */
    overrunAppointmentId: z.uuid(),
    clearedAt: utc,
  }),
});

/**
 * What changed: a nurse's shift removed (a sick call) or cut, her capacity, start window or
 * certifications; a chair retired or out of service (a new or moved outage); a closure of the location.
 */
export const REPLAN_CAUSES = [
  'nurse_shift_removed',
  'nurse_shift_changed',
  'nurse_changed',
  'chair_retired',
  'chair_outage',
  'location_closure',
] as const;

/** Why a re-plan was proposed: a resource change (above), or a session running past its planned end. */
export const REPLAN_PROPOSAL_CAUSES = [...REPLAN_CAUSES, 'session_overrun'] as const;

export const AppointmentNeedsReplanV1 = defineEvent({
  name: 'scheduling.appointment.needs-replan',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'A change of resources (a nurse’s shift removed or cut, her capacity, start window or certifications changed, a chair retired or out of service, a closure of the location) leaves this appointment without what it was booked with: it stays booked and is flagged at risk for the charge nurse to re-plan. No message to the patient yet.',
  schema: z.object({
    ...appointmentRef,
    cause: z.enum(REPLAN_CAUSES),
    /** What caused it: the shift, nurse, chair, outage or closure. */
    causeId: z.uuid(),
    detectedAt: utc,
  }),
});

export const AppointmentReplanWithdrawnV1 = defineEvent({
  name: 'scheduling.appointment.replan-withdrawn',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'appointment',
  description:
    'The closure or chair outage that had flagged this appointment for re-planning was taken back, and nothing else still leaves it without its chair, nurse or open center: it is no longer at risk, and its open re-plan proposals for that cause are superseded.',
  schema: z.object({
    ...appointmentRef,
    /** What was taken back: a closure of the location, or an outage of the appointment’s chair. */
    cause: z.enum(['chair_outage', 'location_closure']),
    /** The closure’s or outage’s id, as in the scheduling.appointment.needs-replan it had caused. */
    causeId: z.uuid(),
    withdrawnAt: utc,
  }),
});

const proposedPlace = {
  startsAt: utc,
  endsAt: utc,
  localStart: local,
  chairId: z.uuid(),
  nurseId: z.uuid(),
};

export const ReplanProposedV1 = defineEvent({
  name: 'scheduling.replan.proposed',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'replan-proposal',
  description:
    'An appointment that an overrun or a resource change leaves without its chair, nurse or time has a proposed alternative: another chair or nurse at the same time, else the least delay, within every booking rule. The charge nurse applies it (an appointment.rescheduled follows) or lets it lapse; a newer proposal for the same appointment supersedes it.',
  schema: z.object({
    proposalId: z.uuid(),
    appointmentId: z.uuid(),
    locationId: z.uuid(),
    cause: z.enum(REPLAN_PROPOSAL_CAUSES),
    /** The overrunning session's appointment, or the shift, nurse, chair, outage or closure that changed. */
    causeId: z.uuid(),
    /** The appointment version the proposal was computed from: applying it to any other version is refused. */
    appointmentVersion: z.number().int().positive(),
    timeZone: ianaTimeZone,
    current: z.object({ startsAt: utc, chairId: z.uuid(), nurseId: z.uuid() }),
    proposed: z.object(proposedPlace),
    delayMinutes: z.number().int().nonnegative(),
    proposedAt: utc,
  }),
});

export const ReplanAppliedV1 = defineEvent({
  name: 'scheduling.replan.applied',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'replan-proposal',
  description:
    'The charge nurse applied a re-plan proposal: the appointment was moved through the ordinary reschedule (its appointment.rescheduled event tells the patient and reporting).',
  schema: z.object({
    proposalId: z.uuid(),
    appointmentId: z.uuid(),
    locationId: z.uuid(),
    appointmentVersion: z.number().int().positive().describe('The appointment version after the move'),
    appliedBy: z.string().min(1),
    appliedAt: utc,
  }),
});

export const TreatmentPlanBookedV1 = defineEvent({
  name: 'scheduling.treatment-plan.booked',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'treatment-plan',
  description:
    'A series of doses was booked. Every dose that could not be placed is listed with why; each placed dose also has its own appointment.booked event.',
  schema: z.object({
    treatmentPlanId: z.uuid(),
    locationId: z.uuid(),
    patientId: z.uuid(),
    therapyCode: z.enum(THERAPY_CODES),
    doses: z.number().int().positive(),
    intervalDays: z.number().int().positive(),
    placed: z.array(z.object({ dose: z.number().int().positive(), appointmentId: z.uuid(), startsAt: utc })),
    unplaced: z.array(z.object({ dose: z.number().int().positive(), targetStartsAt: utc, reason: z.string() })),
    bookedAt: utc,
  }),
});

export const TreatmentPlanCancelledV1 = defineEvent({
  name: 'scheduling.treatment-plan.cancelled',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'treatment-plan',
  description:
    'A treatment plan was stopped. Its doses still to come were cancelled with it, each with its own appointment.cancelled event (which tells the patient and offers the freed time to the waitlist); doses already given stay.',
  schema: z.object({
    treatmentPlanId: z.uuid(),
    locationId: z.uuid(),
    patientId: z.uuid(),
    reason: z.enum(CANCELLATION_REASONS),
    cancelledAppointmentIds: z.array(z.uuid()),
    cancelledAt: utc,
  }),
});

export const TreatmentPlanRescheduledV1 = defineEvent({
  name: 'scheduling.treatment-plan.rescheduled',
  version: 1,
  topic: Topics.schedulingAppointments,
  source: 'scheduling',
  aggregateType: 'treatment-plan',
  description:
    "A treatment plan's remaining doses were moved to a new series, all of them or none. Each moved dose also has its own appointment.rescheduled event (which tells the patient), each dose placed for the first time its appointment.booked.",
  schema: z.object({
    treatmentPlanId: z.uuid(),
    locationId: z.uuid(),
    patientId: z.uuid(),
    intervalDays: z.number().int().positive(),
    moved: z.array(
      z.object({ dose: z.number().int().positive(), appointmentId: z.uuid(), previousStartsAt: utc, startsAt: utc }),
    ),
    placed: z.array(z.object({ dose: z.number().int().positive(), appointmentId: z.uuid(), startsAt: utc })),
    rescheduledAt: utc,
  }),
});
