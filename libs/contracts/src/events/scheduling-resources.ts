import { z } from 'zod';
import { CERTIFICATIONS, CHAIR_KINDS, ORGANISATION_THERAPY_CODE, ROUTES, THERAPY_CODES } from '@chairside/domain';
import { defineEvent } from '../define-event.js';
import { Topics } from '../topics.js';

const utc = z.iso.datetime({ offset: false }).describe('UTC instant');
const localTime = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/)
  .describe("Local wall-clock time 'HH:mm'");
const localDate = z.iso.date().describe('Local date at the location');

export const LocationHoursSetV1 = defineEvent({
  name: 'scheduling.location.hours-set',
  version: 1,
  topic: Topics.schedulingLocations,
  source: 'scheduling',
  aggregateType: 'location',
  description:
    'A location’s weekly opening hours (ISO weekday 1 = Monday) and closed dates, in its own time zone. Full new state; reporting derives open chair-minutes from it.',
  schema: z.object({
    locationId: z.uuid(),
    weeklyHours: z.partialRecord(
      z.enum(['1', '2', '3', '4', '5', '6', '7']),
      z.array(z.object({ opens: localTime, closes: localTime })),
    ),
    closedDates: z.array(localDate),
  }),
});

export const ChairOutageScheduledV1 = defineEvent({
  name: 'scheduling.chair.outage-scheduled',
  version: 1,
  topic: Topics.schedulingChairs,
  source: 'scheduling',
  aggregateType: 'chair',
  description:
    'A chair is out of service for a period. Appointments already on it then are listed; they stay booked until someone moves them.',
  schema: z.object({
    outageId: z.uuid(),
    chairId: z.uuid(),
    locationId: z.uuid(),
    startsAt: utc,
    endsAt: utc,
    reason: z.string().min(1).max(500),
    affectedAppointmentIds: z.array(z.uuid()),
  }),
});

export const ChairOutageCancelledV1 = defineEvent({
  name: 'scheduling.chair.outage-cancelled',
  version: 1,
  topic: Topics.schedulingChairs,
  source: 'scheduling',
  aggregateType: 'chair',
  description:
    'A scheduled chair outage was cancelled (the chair is back in service for that period); the outage is kept, marked cancelled.',
  schema: z.object({
    outageId: z.uuid(),
    chairId: z.uuid(),
    locationId: z.uuid(),
    startsAt: utc,
    endsAt: utc,
    cancelledAt: utc,
    reason: z.string().min(1).max(500).optional(),
  }),
});

export const NurseRegisteredV1 = defineEvent({
  name: 'scheduling.nurse.registered',
  version: 1,
  topic: Topics.schedulingStaff,
  source: 'scheduling',
  aggregateType: 'nurse',
  description: 'A nurse joined a location, with the infusion model’s monitoring capacity and exclusive start window.',
  schema: z.object({
    nurseId: z.uuid(),
    locationId: z.uuid(),
    displayName: z.string().min(1).max(100).describe('How colleagues know the nurse on the board (staff, not patient, data).'),
    certifications: z.array(z.enum(CERTIFICATIONS)),
    capacity: z.number().int().positive(),
    startWindowMinutes: z.number().int().nonnegative(),
  }),
});

export const NurseShiftAddedV1 = defineEvent({
  name: 'scheduling.nurse.shift-added',
  version: 1,
  topic: Topics.schedulingStaff,
  source: 'scheduling',
  aggregateType: 'nurse',
  description: 'A nurse’s shift (with breaks) at a location.',
  schema: z.object({
    shiftId: z.uuid(),
    nurseId: z.uuid(),
    locationId: z.uuid(),
    startsAt: utc,
    endsAt: utc,
    breaks: z.array(z.object({ start: utc, end: utc })),
  }),
});

export const NurseShiftChangedV1 = defineEvent({
  name: 'scheduling.nurse.shift-changed',
  version: 1,
  topic: Topics.schedulingStaff,
  source: 'scheduling',
  aggregateType: 'nurse',
  description:
    'A nurse’s shift was edited (times or breaks; full new state). Appointments of hers that no longer fit are listed and flagged for re-planning (appointment.needs-replan), never moved silently.',
  schema: z.object({
    shiftId: z.uuid(),
    nurseId: z.uuid(),
    locationId: z.uuid(),
    startsAt: utc,
    endsAt: utc,
    breaks: z.array(z.object({ start: utc, end: utc })),
    affectedAppointmentIds: z.array(z.uuid()),
  }),
});

export const NurseShiftRemovedV1 = defineEvent({
  name: 'scheduling.nurse.shift-removed',
  version: 1,
  topic: Topics.schedulingStaff,
  source: 'scheduling',
  aggregateType: 'nurse',
  description:
    'A nurse’s shift was removed (e.g. a sick call). Her appointments in it are listed and flagged for re-planning (appointment.needs-replan).',
  schema: z.object({
    shiftId: z.uuid(),
    nurseId: z.uuid(),
    locationId: z.uuid(),
    startsAt: utc,
    endsAt: utc,
    reason: z.string().min(1).max(500),
    affectedAppointmentIds: z.array(z.uuid()),
  }),
});

export const TherapySettingsChangedV1 = defineEvent({
  name: 'scheduling.therapy.settings-changed',
  version: 1,
  topic: Topics.schedulingTherapies,
  source: 'scheduling',
  aggregateType: 'therapy-setting',
  description:
    'An organisation edited (or reset to the default) its values for one therapy. Full new state; notifications takes preparation instructions from it.',
  schema: z.object({
    organisationId: z.uuid(),
    therapyCode: z.enum(THERAPY_CODES),
    name: z.string().min(1),
    defaultDurationMinutes: z.number().int().positive(),
    minDurationMinutes: z.number().int().positive(),
    maxDurationMinutes: z.number().int().positive(),
    routes: z.array(z.enum(ROUTES)),
    chairKinds: z.array(z.enum(CHAIR_KINDS)),
    certification: z.enum(CERTIFICATIONS),
    requiresFasting: z.boolean(),
    pharmacyLeadMinutes: z.number().int().nonnegative(),
    observationMinutes: z.number().int().nonnegative(),
    turnoverMinutes: z.number().int().nonnegative(),
    mayDriveAfter: z.boolean(),
    vitals: z.object({ firstHourEveryMinutes: z.number().int().positive(), thenEveryMinutes: z.number().int().positive() }),
    isDefault: z.boolean().describe('True when the organisation reset the therapy to the catalog default.'),
    version: z.number().int().positive(),
  }),
});

/** What a patient is asked to do before a visit of a therapy (libs/domain `PreparationRequirements`). */
export const preparationRequirements = z.object({
  fasting: z.boolean(),
  labsDayBefore: z.boolean(),
  premedication: z.boolean(),
  hydration: z.boolean(),
  bringCompanion: z.boolean(),
  mayDrive: z.boolean(),
});

export const TherapyDefinedV1 = defineEvent({
  name: 'scheduling.therapy.defined',
  version: 1,
  topic: Topics.schedulingTherapies,
  source: 'scheduling',
  aggregateType: 'organisation-therapy',
  description:
    'An organisation defined a therapy of its own beyond the nine built in, or changed one (full new state). It is counted as one of the nine (countedAs) wherever a built-in code is needed; bookings of it carry its name and preparation (appointment.booked `therapy`).',
  schema: z.object({
    therapyId: z.uuid(),
    organisationId: z.uuid(),
    code: z.string().regex(ORGANISATION_THERAPY_CODE),
    countedAs: z.enum(THERAPY_CODES),
    name: z.string().min(1),
    defaultDurationMinutes: z.number().int().positive(),
    minDurationMinutes: z.number().int().positive(),
    maxDurationMinutes: z.number().int().positive(),
    routes: z.array(z.enum(ROUTES)),
    chairKinds: z.array(z.enum(CHAIR_KINDS)),
    certification: z.enum(CERTIFICATIONS),
    pharmacyLeadMinutes: z.number().int().nonnegative(),
    observationMinutes: z.number().int().nonnegative(),
    turnoverMinutes: z.number().int().nonnegative(),
    vitals: z.object({ firstHourEveryMinutes: z.number().int().positive(), thenEveryMinutes: z.number().int().positive() }),
    preparation: preparationRequirements,
    version: z.number().int().positive(),
  }),
});

export const NurseUpdatedV1 = defineEvent({
  name: 'scheduling.nurse.updated',
  version: 1,
  topic: Topics.schedulingStaff,
  source: 'scheduling',
  aggregateType: 'nurse',
  description:
    'A nurse’s monitoring capacity, start window or certifications changed (full new state). Her coming appointments that no longer fit are listed and flagged for re-planning (appointment.needs-replan).',
  schema: z.object({
    nurseId: z.uuid(),
    locationId: z.uuid(),
    certifications: z.array(z.enum(CERTIFICATIONS)),
    capacity: z.number().int().positive(),
    startWindowMinutes: z.number().int().nonnegative(),
    version: z.number().int().positive(),
    affectedAppointmentIds: z.array(z.uuid()),
  }),
});

export const ChairUpdatedV1 = defineEvent({
  name: 'scheduling.chair.updated',
  version: 1,
  topic: Topics.schedulingChairs,
  source: 'scheduling',
  aggregateType: 'chair',
  description:
    'A chair was renamed, retired (it takes no bookings from then on) or brought back (full new state). Coming appointments on a chair it retires are listed and flagged for re-planning (appointment.needs-replan).',
  schema: z.object({
    chairId: z.uuid(),
    locationId: z.uuid(),
    label: z.string().min(1).max(50),
    kind: z.enum(CHAIR_KINDS),
    /** Since when it takes no bookings; absent while in service. */
    retiredAt: utc.optional(),
    version: z.number().int().positive(),
    affectedAppointmentIds: z.array(z.uuid()),
  }),
});

export const ChairOutageChangedV1 = defineEvent({
  name: 'scheduling.chair.outage-changed',
  version: 1,
  topic: Topics.schedulingChairs,
  source: 'scheduling',
  aggregateType: 'chair',
  description:
    'A scheduled chair outage was edited (period or reason; full new state). Appointments the new period newly covers are listed and flagged for re-planning (appointment.needs-replan).',
  schema: z.object({
    outageId: z.uuid(),
    chairId: z.uuid(),
    locationId: z.uuid(),
    startsAt: utc,
    endsAt: utc,
    reason: z.string().min(1).max(500),
    affectedAppointmentIds: z.array(z.uuid()),
  }),
});

export const LocationClosureAddedV1 = defineEvent({
  name: 'scheduling.location.closure-added',
  version: 1,
  topic: Topics.schedulingLocations,
  source: 'scheduling',
  aggregateType: 'location',
  description:
    'The location closes for a holiday (a whole local day) or part of a day (local times in its zone). Nothing is booked then; appointments in it are listed and flagged for re-planning (appointment.needs-replan).',
  schema: z.object({
    closureId: z.uuid(),
    locationId: z.uuid(),
    kind: z.enum(['holiday', 'partial-day']),
    date: localDate,
    /** Local times of a partial-day closure; absent for a holiday. */
    from: localTime.optional(),
    to: localTime.optional(),
    startsAt: utc,
    endsAt: utc,
    reason: z.string().min(1).max(500),
    affectedAppointmentIds: z.array(z.uuid()),
  }),
});

export const LocationClosureChangedV1 = defineEvent({
  name: 'scheduling.location.closure-changed',
  version: 1,
  topic: Topics.schedulingLocations,
  source: 'scheduling',
  aggregateType: 'location',
  description:
    'A closure of the location now covers another date or other local times, or gives another reason. Appointments the new time covers and the old one did not are listed and flagged for re-planning (appointment.needs-replan); time it no longer covers takes bookings again.',
  schema: z.object({
    closureId: z.uuid(),
    locationId: z.uuid(),
    kind: z.enum(['holiday', 'partial-day']),
    date: localDate,
    from: localTime.optional(),
    to: localTime.optional(),
    startsAt: utc,
    endsAt: utc,
    reason: z.string().min(1).max(500),
    version: z.number().int().positive().describe('The closure’s version after the change'),
    affectedAppointmentIds: z.array(z.uuid()),
  }),
});

export const LocationClosureRemovedV1 = defineEvent({
  name: 'scheduling.location.closure-removed',
  version: 1,
  topic: Topics.schedulingLocations,
  source: 'scheduling',
  aggregateType: 'location',
  description:
    'A closure of the location was removed (the holiday was entered by mistake, the center opens after all): its time takes bookings again. Appointments it had flagged keep their re-plan proposals until someone decides.',
  schema: z.object({
    closureId: z.uuid(),
    locationId: z.uuid(),
    startsAt: utc,
    endsAt: utc,
    removedAt: utc,
  }),
});
