import fc from 'fast-check';
import { DateTime } from 'luxon';
import { CERTIFICATIONS, CHAIR_KINDS, type Certification, type ChairKind, MINUTE } from '@chairside/domain';
import type { CenterState, IsoWeekday, NurseState, TreatmentRequest } from './center.js';
import { bookSlot, evaluateStart, findSlots } from './find-slots.js';
import { auditPlacement, auditSchedule } from './schedule-audit.js';

/** Zones with DST (US, EU, Australia), a 30-minute DST shift, a midnight switch, and +05:45. */
const ZONES = [
  'America/New_York',
  'America/Chicago',
  'Europe/Madrid',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Kathmandu',
  'UTC',
];
/** 2026 transition days of those zones, and two ordinary days. */
const DATES = [
  '2026-03-08',
  '2026-11-01',
  '2026-03-29',
  '2026-10-25',
  '2026-04-05',
  '2026-10-04',
  '2026-09-06',
  '2026-06-17',
  '2026-01-14',
];

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const hoursArb = fc
  .record({ opens: fc.integer({ min: 5 * 4, max: 10 * 4 }), length: fc.integer({ min: 4 * 4, max: 13 * 4 }) })
  .map(({ opens, length }) => ({ opens: hhmm(opens * 15), closes: hhmm(Math.min(23 * 60 + 45, (opens + length) * 15)) }));

const scenarioArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  date: fc.constantFrom(...DATES),
  days: fc.integer({ min: 1, max: 3 }),
  hours: hoursArb,
  openWeekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 5, maxLength: 7 }),
  closedOffset: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  chairs: fc.array(
    fc.record({
      kind: fc.constantFrom(...CHAIR_KINDS),
      outOfService: fc.option(fc.record({ startHour: fc.integer({ min: 6, max: 18 }), hours: fc.integer({ min: 1, max: 4 }) }), {
        nil: undefined,
      }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  nurses: fc.array(
    fc.record({
      certifications: fc.subarray([...CERTIFICATIONS], { minLength: 1 }),
      capacity: fc.integer({ min: 1, max: 4 }),
      startWindowMinutes: fc.constantFrom(5, 10, 15, 20, 30),
      shiftStart: fc.integer({ min: 5 * 4, max: 10 * 4 }),
      shiftLength: fc.integer({ min: 4 * 4, max: 11 * 4 }),
      breakAfter: fc.option(fc.integer({ min: 8, max: 20 }), { nil: undefined }),
      breakMinutes: fc.constantFrom(15, 30, 45),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  requests: fc.array(
    fc.record({
      patient: fc.integer({ min: 1, max: 6 }),
      durationMinutes: fc.integer({ min: 2, max: 32 }).map((q) => q * 15),
      observationMinutes: fc.constantFrom(0, 15, 30),
      turnoverMinutes: fc.constantFrom(0, 10, 20),
      chairKinds: fc.subarray([...CHAIR_KINDS], { minLength: 1 }) as fc.Arbitrary<ChairKind[]>,
      certification: fc.constantFrom(...CERTIFICATIONS) as fc.Arbitrary<Certification>,
      pharmacyLeadMinutes: fc.constantFrom(0, 30, 90),
      pick: fc.nat(),
      preferred: fc.option(fc.integer({ min: 7, max: 16 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 14 },
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function buildCenter(s: Scenario): { center: CenterState; from: number; to: number } {
  const zone = s.zone;
  const first = DateTime.fromISO(s.date, { zone }).minus({ days: 1 });
  const localDays = Array.from({ length: s.days + 2 }, (_, i) => first.plus({ days: i }));
  const at = (day: DateTime, minutes: number) =>
    day
      .startOf('day')
      .set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })
      .toMillis();
  const weeklyHours: CenterState['calendar']['weeklyHours'] = {};
  for (const d of s.openWeekdays) weeklyHours[d as IsoWeekday] = [s.hours];
  const nurses: NurseState[] = s.nurses.map((n, i) => ({
    id: `nurse-${i}`,
    certifications: n.certifications as Certification[],
    capacity: n.capacity,
    startWindowMinutes: n.startWindowMinutes,
    shifts: localDays.map((day) => {
      const start = at(day, n.shiftStart * 15);
      const end = at(day, Math.min(23 * 60 + 45, (n.shiftStart + n.shiftLength) * 15));
      const breakStart = n.breakAfter === undefined ? undefined : start + n.breakAfter * 15 * MINUTE;
      return {
        start,
        end,
        breaks:
          breakStart === undefined || breakStart >= end ? [] : [{ start: breakStart, end: breakStart + n.breakMinutes * MINUTE }],
      };
    }),
  }));
  const chairs = s.chairs.map((c, i) => ({
    id: `chair-${i}`,
    kind: c.kind,
    outOfService: c.outOfService
      ? [
          {
            start: at(localDays[1]!, c.outOfService.startHour * 60),
            end: at(localDays[1]!, (c.outOfService.startHour + c.outOfService.hours) * 60),
          },
        ]
      : [],
  }));
  const closedDates = s.closedOffset === undefined ? [] : [localDays[1 + (s.closedOffset % s.days)]!.toISODate()!];
  return {
    center: { locationId: 'loc', calendar: { timeZone: zone, weeklyHours, closedDates }, chairs, nurses, bookings: [] },
    from: localDays[1]!.startOf('day').toMillis(),
    to: localDays[1 + s.days]!.startOf('day').toMillis(),
  };
}

function requestOf(r: Scenario['requests'][number]): TreatmentRequest {
  return {
    patientId: `patient-${r.patient}`,
    durationMinutes: r.durationMinutes,
    observationMinutes: r.observationMinutes,
    turnoverMinutes: r.turnoverMinutes,
    chairKinds: r.chairKinds,
    certification: r.certification,
    pharmacyLeadMinutes: r.pharmacyLeadMinutes,
  };
}

describe('slot search properties (fast-check, DST days included)', () => {
  it('never returns a slot that breaks a constraint, and booking slot after slot keeps the whole schedule valid', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { center, from, to } = buildCenter(scenario);
        const now = from - 2 * 60 * MINUTE;
        for (const [i, r] of scenario.requests.entries()) {
          const request = requestOf(r);
          const slots = findSlots(center, request, {
            from,
            to,
            now,
            limit: 1000,
            ...(r.preferred ? { preferredLocal: { from: hhmm(r.preferred * 60), to: hhmm(r.preferred * 60 + 60) } } : {}),
          });
          for (const slot of slots) {
            const problems = auditPlacement(center, request, bookSlot(slot, request, `candidate-${i}`), now);
            if (problems.length)
              throw new Error(`slot ${new Date(slot.start).toISOString()} in ${scenario.zone}: ${problems.join('; ')}`);
            if (slot.start < from || slot.start >= to) throw new Error('slot outside the search window');
          }
          if (slots.length) center.bookings.push(bookSlot(slots[r.pick % slots.length]!, request, `b${i}`));
        }
        const problems = auditSchedule(center);
        if (problems.length) throw new Error(problems.join('; '));
      }),
      { numRuns: 150 },
    );
  });

  it('ranks slots best first and makes one offer per start time', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { center, from, to } = buildCenter(scenario);
        const slots = findSlots(center, requestOf(scenario.requests[0]!), { from, to, now: from, limit: 1000 });
        for (let i = 1; i < slots.length; i++) if (slots[i]!.score.total < slots[i - 1]!.score.total) return false;
        return new Set(slots.map((s) => `${s.start}`)).size === slots.length;
      }),
      { numRuns: 150 },
    );
  });

  it('accepts exactly at a searched start, and whatever it accepts at any start passes the audit', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (scenario, offset) => {
        const { center, from, to } = buildCenter(scenario);
        const now = from;
        for (const [i, r] of scenario.requests.entries()) {
          const request = requestOf(r);
          const slots = findSlots(center, request, { from, to, now, limit: 1000 });
          for (const slot of slots)
            if (!('slot' in evaluateStart(center, request, slot.start, now))) throw new Error('a searched slot was rejected');
          const anyStart = from + ((offset * 7 + i * 13) % Math.max(1, Math.floor((to - from) / (5 * MINUTE)))) * 5 * MINUTE;
          const verdict = evaluateStart(center, request, anyStart, now);
          if ('slot' in verdict) {
            const problems = auditPlacement(center, request, bookSlot(verdict.slot, request, `x${i}`), now);
            if (problems.length) throw new Error(problems.join('; '));
            center.bookings.push(bookSlot(verdict.slot, request, `b${i}`));
          }
        }
        return auditSchedule(center).length === 0;
      }),
      { numRuns: 150 },
    );
  });

  it('an admin override relaxes only hours, lead time and nurse load: never a chair, a patient, an outage or two set-ups at once', () => {
    const relaxable =
      /outside opening hours|nurse off shift|set-up during the nurse's break|patients at .* \(capacity|before the drug can be ready/;
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (scenario, offset) => {
        const { center, from, to } = buildCenter(scenario);
        const now = from + 60 * MINUTE;
        for (const [i, r] of scenario.requests.entries()) {
          const request = requestOf(r);
          const anyStart =
            from - 6 * 60 * MINUTE + ((offset * 11 + i * 17) % Math.max(1, Math.floor((to - from) / (5 * MINUTE)))) * 5 * MINUTE;
          const verdict = evaluateStart(center, request, anyStart, now, {}, [], {
            hours: true,
            leadTime: true,
            nurseCapacity: true,
          });
          if (!('slot' in verdict)) continue;
          const placed = bookSlot(verdict.slot, request, `o${i}`);
          const hard = auditPlacement(center, request, placed, now).filter((p) => !relaxable.test(p));
          if (hard.length) throw new Error(hard.join('; '));
          center.bookings.push(placed);
        }
        return auditSchedule(center).every((p) => relaxable.test(p));
      }),
      { numRuns: 150 },
    );
  });

  it('finds a slot in an empty center whenever one qualified nurse and one fitting chair cover a short treatment', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.constantFrom(...DATES), (zone, date) => {
        const scenario: Scenario = {
          zone,
          date,
          days: 1,
          hours: { opens: '08:00', closes: '17:00' },
          openWeekdays: [1, 2, 3, 4, 5, 6, 7],
          closedOffset: undefined,
          chairs: [{ kind: 'recliner', outOfService: undefined }],
          nurses: [
            {
              certifications: ['infusion'],
              capacity: 1,
              startWindowMinutes: 15,
              shiftStart: 7 * 4,
              shiftLength: 10 * 4,
              breakAfter: undefined,
              breakMinutes: 15,
            },
          ],
          requests: [],
        };
        const { center, from, to } = buildCenter(scenario);
        const request: TreatmentRequest = {
          patientId: 'p',
          durationMinutes: 30,
          observationMinutes: 0,
          turnoverMinutes: 0,
          chairKinds: ['recliner'],
          certification: 'infusion',
          pharmacyLeadMinutes: 0,
        };
        return findSlots(center, request, { from, to, now: from }).length > 0;
      }),
    );
  });
});
