import fc from 'fast-check';
import { DateTime } from 'luxon';
import { CERTIFICATIONS, CHAIR_KINDS, type Certification, type ChairKind, MINUTE } from '@chairside/domain';
import type { BookedTreatment, CenterState, IsoWeekday, TreatmentRequest } from '../slot-search/center.js';
import { bookSlot, findSlots } from '../slot-search/find-slots.js';
import { auditPlacement, auditSchedule } from '../slot-search/schedule-audit.js';
import { planReplans } from './plan-replans.js';

/** A DST day in Madrid and in New York, and an ordinary one. */
const DAYS = [
  ['Europe/Madrid', '2026-03-29'],
  ['America/New_York', '2026-11-01'],
  ['Asia/Kathmandu', '2026-06-17'],
] as const;

const scenarioArb = fc.record({
  day: fc.constantFrom(...DAYS),
  chairs: fc.array(fc.constantFrom(...CHAIR_KINDS), { minLength: 1, maxLength: 4 }),
  nurses: fc.array(
    fc.record({
      certifications: fc.subarray([...CERTIFICATIONS], { minLength: 1 }),
      capacity: fc.integer({ min: 1, max: 4 }),
      startWindowMinutes: fc.constantFrom(10, 15, 30),
      breakAtHour: fc.option(fc.integer({ min: 9, max: 15 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  requests: fc.array(
    fc.record({
      patient: fc.integer({ min: 1, max: 5 }),
      durationMinutes: fc.integer({ min: 2, max: 16 }).map((q) => q * 15),
      observationMinutes: fc.constantFrom(0, 30),
      turnoverMinutes: fc.constantFrom(0, 10),
      chairKinds: fc.subarray([...CHAIR_KINDS], { minLength: 1 }) as fc.Arbitrary<ChairKind[]>,
      certification: fc.constantFrom(...CERTIFICATIONS) as fc.Arbitrary<Certification>,
      pharmacyLeadMinutes: fc.constantFrom(0, 60),
      pick: fc.nat(),
    }),
    { minLength: 2, maxLength: 12 },
  ),
  disturbance: fc.oneof(
    fc.record({ kind: fc.constant('overrun' as const), which: fc.nat(), minutes: fc.integer({ min: 10, max: 180 }) }),
    fc.record({ kind: fc.constant('sick-call' as const), which: fc.nat() }),
  ),
  nowHour: fc.integer({ min: 6, max: 12 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** A center booked by the engine itself, then disturbed by an overrun or a sick call. */
function disturbedDay(s: Scenario) {
  const zone: string = s.day[0];
  const date: string = s.day[1];
  const local = (hour: number) => DateTime.fromISO(date, { zone }).set({ hour }).toMillis();
  const weeklyHours: CenterState['calendar']['weeklyHours'] = {};
  for (const d of [1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]) weeklyHours[d] = [{ opens: '08:00', closes: '18:00' }];
  const center: CenterState = {
    locationId: 'location',
    calendar: { timeZone: zone, weeklyHours, closedDates: [] },
    chairs: s.chairs.map((kind, i) => ({ id: `chair-${i}`, kind, outOfService: [] })),
    nurses: s.nurses.map((n, i) => ({
      id: `nurse-${i}`,
      certifications: n.certifications as Certification[],
      capacity: n.capacity,
      startWindowMinutes: n.startWindowMinutes,
      shifts: [
        {
          start: local(7),
          end: local(19),
          breaks: n.breakAtHour === undefined ? [] : [{ start: local(n.breakAtHour), end: local(n.breakAtHour) + 30 * MINUTE }],
        },
      ],
    })),
    bookings: [],
  };
  const requests = new Map<string, TreatmentRequest>();
  s.requests.forEach((r, i) => {
    const request: TreatmentRequest = { ...r, patientId: `patient-${r.patient}` };
    const slots = findSlots(center, request, { from: local(0), to: local(23), now: local(0) - 24 * 60 * MINUTE, limit: 50 });
    if (!slots.length) return;
    const id = `appointment-${i}`;
    center.bookings.push(bookSlot(slots[r.pick % slots.length]!, request, id));
    requests.set(id, request);
  });
  return { center, requests, now: local(s.nowHour) };
}

describe('planReplans (property, checked by the independent schedule audit)', () => {
  it('applying the proposals, in order, keeps every rule: chair, patient, nurse capacity and start window, hours, shifts and breaks, chair kind, certification, lengths; a start never moves earlier nor into the past', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { center: booked, requests, now } = disturbedDay(s);
        fc.pre(booked.bookings.length >= 2);
        const target = booked.bookings[s.disturbance.which % booked.bookings.length]!;
        let center: CenterState;
        let held: BookedTreatment | undefined;
        if (s.disturbance.kind === 'overrun') {
          // The running treatment holds its chair, nurse and patient until its projected end.
          const extra = s.disturbance.minutes * MINUTE;
          held = { ...target, end: target.end + extra, chairReleasedAt: target.chairReleasedAt + extra };
          center = { ...booked, bookings: booked.bookings.map((b) => (b.id === target.id ? held! : b)) };
        } else {
          center = {
            ...booked,
            nurses: booked.nurses.map((n) => (n.id === target.nurseId ? { ...n, shifts: [] } : n)),
          };
        }
        // What the disturbance alone breaks (an overrun past closing or the nurse's shift) is not the re-plan's doing.
        const baseline = new Set(auditSchedule(center, held ? [held] : []));
        // Disturbed: every booking that, kept where it is, would break a rule (in start order, as the service flags them).
        const kept: BookedTreatment[] = held ? [held] : [];
        const disturbed: BookedTreatment[] = [];
        for (const b of [...center.bookings].sort((x, y) => x.start - y.start)) {
          if (b.id === held?.id) continue;
          const before = new Set(auditSchedule(center, kept));
          if (auditSchedule(center, [...kept, b]).every((p) => before.has(p))) kept.push(b);
          else disturbed.push(b);
        }
        const replans = planReplans(
          center,
          disturbed.map((b) => ({ booking: b, request: requests.get(b.id)!, patientBusy: [] })),
          now,
        );
        const placed: BookedTreatment[] = [];
        for (const r of replans) {
          if (!r.slot) continue;
          const original = disturbed.find((b) => b.id === r.appointmentId)!;
          const request = requests.get(r.appointmentId)!;
          const booking = bookSlot(r.slot, request, r.appointmentId);
          if (original.start >= now) expect(booking.start).toBeGreaterThanOrEqual(original.start);
          else expect(booking.start).toBeGreaterThanOrEqual(now);
          // The drug is ordered for the original start: the lead time counts from then.
          const problems = auditPlacement(
            { ...center, bookings: [...kept, ...placed] },
            request,
            booking,
            original.start - request.pharmacyLeadMinutes * MINUTE,
          );
          expect(problems.filter((p) => !baseline.has(p))).toEqual([]);
          placed.push(booking);
        }
        expect(auditSchedule(center, [...kept, ...placed]).filter((p) => !baseline.has(p))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
