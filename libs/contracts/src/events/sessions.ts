import { z } from 'zod';
import {
  DOSE_UNITS,
  MEDICATION_BOUNDS,
  REACTION_ACTIONS,
  REACTION_KINDS,
  REACTION_OUTCOMES,
  ROUTES,
  THERAPY_CODES,
  VITAL_MEASURES,
} from '@chairside/domain';
import { defineEvent } from '../define-event.js';
import { Topics } from '../topics.js';

const utc = z.iso.datetime({ offset: false }).describe('UTC instant');

/** Every session event names the session (its appointment), where and who: ids only. */
const sessionRef = {
  appointmentId: z.uuid().describe('The session is the appointment as it happens; same id'),
  locationId: z.uuid(),
  patientId: z.uuid(),
  therapyCode: z.enum(THERAPY_CODES),
  chairId: z.uuid(),
  nurseId: z.uuid().describe('The nurse assigned at booking'),
  actorId: z.string().min(1).describe('The staff member (token subject) who recorded the step'),
  occurredAt: utc.describe('Server time the step was recorded'),
  deviceTime: utc.optional().describe('The time the device at the chair reported, when it gave one'),
};

function step<const TName extends string, T extends z.ZodRawShape>(name: TName, description: string, shape: T) {
  return defineEvent({
    name,
    version: 1,
    topic: Topics.sessions,
    source: 'sessions',
    aggregateType: 'session',
    description,
    schema: z.object({ ...sessionRef, ...shape }),
  });
}

export const SessionCheckedInV1 = step(
  'sessions.session.checked-in',
  'The patient arrived and checked in (FHIR Encounter arrived). Starts the wait for a chair.',
  {
    plannedStartsAt: utc,
    lateMinutes: z.number().int().describe('Minutes after the planned start; negative when early'),
  },
);
export const SessionSeatedV1 = step('sessions.session.seated', 'The patient is in the chair (FHIR Encounter in-progress).', {});
export const SessionDrugReadyV1 = step(
  'sessions.session.drug-ready',
  'The pharmacy has the drug at the chair: the gap to the infusion start is pharmacy wait.',
  {},
);
export const SessionAccessEstablishedV1 = step(
  'sessions.session.access-established',
  'Vascular (or other) access for the route is in place.',
  {
    route: z.enum(ROUTES),
    site: z.string().min(1).max(100),
    attempts: z.number().int().positive(),
    numbingSprayUsed: z.boolean(),
  },
);
export const InfusionStartedV1 = step(
  'sessions.infusion.started',
  'The drug started running (FHIR MedicationAdministration in-progress).',
  {
    rateMlPerHour: z.number().positive().optional(),
    plannedStartsAt: utc,
  },
);
export const InfusionPausedV1 = step('sessions.infusion.paused', 'The infusion is on hold, with the reason.', {
  reason: z.string().min(1).max(200),
});
export const InfusionResumedV1 = step(
  'sessions.infusion.resumed',
  'The infusion runs again, at ratePercent of the ordered rate (50 after a grade 1–2 reaction, by the usual protocol).',
  {
    ratePercent: z.number().int().min(1).max(200),
    rateMlPerHour: z.number().positive().optional(),
  },
);
export const InfusionRateChangedV1 = step(
  'sessions.infusion.rate-changed',
  'The rate changed while infusing (FHIR dosage.rate).',
  {
    ratePercent: z.number().int().min(1).max(200),
    rateMlPerHour: z.number().positive().optional(),
  },
);
export const InfusionCompletedV1 = step('sessions.infusion.completed', 'The whole dose ran; observation starts.', {
  infusingMinutes: z.number().int().nonnegative().describe('Minutes the drug actually ran, pauses excluded'),
  plannedDurationMinutes: z.number().int().positive(),
});
export const InfusionStoppedEarlyV1 = step(
  'sessions.infusion.stopped-early',
  'The infusion was stopped before the whole dose ran (FHIR MedicationAdministration stopped).',
  {
    reason: z.string().min(1).max(200),
  },
);
export const SessionDischargedV1 = step(
  'sessions.session.discharged',
  'The patient left the chair (FHIR Encounter finished). actualEndsAt is the end scheduling and reporting use.',
  {
    plannedEndsAt: utc,
    actualEndsAt: utc,
    mayDrive: z.boolean(),
    escortRequired: z.boolean(),
    stoppedEarly: z.boolean(),
    instructions: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe(
        "What the nurse told the patient to do at home, as typed: for the patient's discharge message only (free text: never copied to analytics)",
      ),
  },
);

export const VitalsOutOfRangeV1 = step(
  'sessions.vitals.out-of-range',
  'Vital signs outside the alert range were recorded: the nurse at the chair and the charge nurse should look.',
  {
    takenAt: utc,
    findings: z
      .array(
        z.object({
          measure: z.enum(VITAL_MEASURES),
          loinc: z.string(),
          value: z.number(),
          low: z.number().optional(),
          high: z.number().optional(),
        }),
      )
      .min(1),
  },
);
export const VitalsOverdueV1 = step(
  'sessions.vitals.overdue',
  "Vital signs are overdue by the therapy's monitoring schedule. Emitted once per missed due time.",
  {
    dueAt: utc,
    lastTakenAt: utc.optional(),
  },
);

const reactionFields = {
  reactionId: z.uuid(),
  kind: z.enum(REACTION_KINDS),
  ctcaeGrade: z.number().int().min(1).max(5).describe('CTCAE grade 1–5'),
  actions: z.array(z.enum(REACTION_ACTIONS)).min(1),
  outcome: z.enum(REACTION_OUTCOMES),
  protocolAction: z
    .enum(['pause-then-restart-at-50-percent', 'stop'])
    .describe('What the usual protocol calls for at this grade'),
  override: z
    .object({
      authorisedBy: z.string().min(1).max(200).describe('The clinician who authorised continuing against the protocol'),
      reason: z.string().min(1).max(500),
    })
    .optional()
    .describe('Present when a grade 3+ reaction did not stop the infusion: who decided to continue, and why'),
};

export const ReactionRecordedV1 = step(
  'sessions.reaction.recorded',
  'A side effect or adverse reaction with its CTCAE grade, the action taken and the outcome.',
  reactionFields,
);
export const SevereReactionV1 = step(
  'sessions.reaction.severe',
  'High priority: a reaction of CTCAE grade 3 or above. Also recorded as sessions.reaction.recorded.',
  reactionFields,
);

export const SessionEventRejectedV1 = defineEvent({
  name: 'sessions.session.event-rejected',
  version: 1,
  topic: Topics.sessions,
  source: 'sessions',
  aggregateType: 'session',
  description:
    'An event about a session arrived too late or out of order (e.g. a cancellation after check-in) and was not applied: someone should reconcile.',
  schema: z.object({
    appointmentId: z.uuid(),
    locationId: z.uuid(),
    rejectedEventId: z.uuid(),
    rejectedEventType: z.string(),
    sessionStatus: z.string(),
    reason: z.string(),
    rejectedAt: utc,
  }),
});

/** Published by the sessions service; scheduling and notifications react to these two. */
export const SessionOverrunProjectedV1 = defineEvent({
  name: 'sessions.session.overrun-projected',
  version: 1,
  topic: Topics.sessions,
  source: 'sessions',
  aggregateType: 'session',
  description:
    'A session in progress will end after its planned end (treatment and observation). Emitted again when the projection moves later.',
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
  description:
    'A session ended (the patient left the chair) before its planned end: the chair is free from actualEndsAt plus turnover.',
  schema: z.object({
    appointmentId: z.uuid(),
    locationId: z.uuid(),
    chairId: z.uuid(),
    nurseId: z.uuid(),
    plannedEndsAt: utc,
    actualEndsAt: utc,
  }),
});

export const SessionStepEnteredInErrorV1 = step(
  'sessions.session.step-entered-in-error',
  'A step of the session was recorded in error (FHIR entered-in-error), e.g. a check-in undone: the step no longer counts, the session is what the rest of its log makes it. Consumers undo what they took from that step.',
  {
    seq: z.number().int().positive().describe("The step's position in the session's log"),
    stepKind: z.string().describe('What the step was: check-in, seat, start, record-reaction, record-medication, …'),
    stepOccurredAt: utc.describe('When the step had been recorded'),
    reactionId: z.uuid().optional().describe('For a reaction entered in error'),
    medicationId: z.uuid().optional().describe('For a medication entry entered in error'),
    reason: z.string().min(1).max(500),
    sessionStatus: z.string().describe('The status of the session after the correction'),
  },
);

export const VitalsEnteredInErrorV1 = step(
  'sessions.vitals.entered-in-error',
  'A set of vital signs was recorded in error (FHIR Observation entered-in-error): kept, no longer counted.',
  {
    vitalsId: z.uuid(),
    takenAt: utc,
    reason: z.string().min(1).max(500),
    lastVitalsAt: utc.optional().describe('The last vital signs that still count, if any'),
  },
);

export const MedicationAdministeredV1 = step(
  'sessions.medication.administered',
  'A medication was given at the chair (FHIR MedicationAdministration completed): drug, dose, volume, route and lot.',
  {
    medicationId: z.uuid(),
    drug: z.string().min(1).max(MEDICATION_BOUNDS.drugNameMaxLength),
    dose: z.number().positive().max(MEDICATION_BOUNDS.doseMax),
    doseUnit: z.enum(DOSE_UNITS),
    volumeMl: z.number().nonnegative().max(MEDICATION_BOUNDS.volumeMlMax),
    route: z.enum(ROUTES),
    lot: z.string().min(1).max(MEDICATION_BOUNDS.lotMaxLength),
    administeredAt: utc,
  },
);
