import { DateTime } from 'luxon';
import type { CenterState, NurseState, TreatmentRequest } from './center.js';
import { HOUR, MINUTE } from '@chairside/domain';
import { bookSlot, findSlots } from './find-slots.js';
import { openingIntervals } from './opening-hours.js';
import { auditPlacement } from './schedule-audit.js';

const weekdays = { opens: '08:00', closes: '18:00' };
const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toMillis();

function center(zone: string, date: string, overrides: Partial<CenterState> = {}): CenterState {
  const nurse: NurseState = {
    id: 'nurse-a',
    certifications: ['infusion', 'chemotherapy_biotherapy'],
    capacity: 2,
    startWindowMinutes: 15,
    shifts: [
      {
        start: at(`${date}T07:30`, zone),
        end: at(`${date}T18:00`, zone),
        breaks: [{ start: at(`${date}T12:00`, zone), end: at(`${date}T12:30`, zone) }],
      },
    ],
  };
  return {
    locationId: 'loc',
    calendar: {
      timeZone: zone,
      weeklyHours: { 1: [weekdays], 2: [weekdays], 3: [weekdays], 4: [weekdays], 5: [weekdays], 6: [weekdays], 7: [weekdays] },
      closedDates: [],
    },
    chairs: [
      { id: 'chair-1', kind: 'recliner', outOfService: [] },
      { id: 'chair-2', kind: 'bed', outOfService: [] },
    ],
    nurses: [nurse],
    bookings: [],
    ...overrides,
  };
}

const iron = (patientId = 'p1'): TreatmentRequest => ({
  patientId,
  durationMinutes: 30,
  observationMinutes: 30,
  turnoverMinutes: 10,
  chairKinds: ['recliner'],
  certification: 'infusion',
  pharmacyLeadMinutes: 30,
});

describe('opening hours across DST', () => {
  it('keeps 08:00–18:00 local on the day clocks go forward and back', () => {
    for (const [zone, date, utcOpen] of [
      ['America/New_York', '2026-03-08', '2026-03-08T12:00:00.000Z'], // EDT from 02:00
      ['America/New_York', '2026-11-01', '2026-11-01T13:00:00.000Z'], // EST from 02:00
      ['Europe/Madrid', '2026-03-29', '2026-03-29T06:00:00.000Z'],
      ['Europe/Madrid', '2026-10-25', '2026-10-25T07:00:00.000Z'],
    ] as const) {
      const [open] = openingIntervals(center(zone, date).calendar, at(`${date}T00:00`, zone), at(`${date}T23:59`, zone));
      expect(new Date(open!.start).toISOString()).toBe(utcOpen);
      expect((open!.end - open!.start) / HOUR).toBe(10);
    }
  });

  it('skips closed dates', () => {
    const c = center('Europe/Madrid', '2026-12-25');
    c.calendar.closedDates = ['2026-12-25'];
    expect(
      openingIntervals(c.calendar, at('2026-12-25T00:00', 'Europe/Madrid'), at('2026-12-26T00:00', 'Europe/Madrid')),
    ).toEqual([]);
  });
});

describe('findSlots', () => {
  const zone = 'America/Chicago';
  const date = '2026-11-02';
  const window = { from: at(`${date}T00:00`, zone), to: at(`${date}T23:59`, zone), now: at(`${date}T06:00`, zone), limit: 500 };

  it('offers only slots that end before closing and start after the drug can be ready', () => {
    const slots = findSlots(center(zone, date), iron(), { ...window, now: at(`${date}T08:20`, zone) });
    expect(slots.length).toBeGreaterThan(0);
    expect(Math.min(...slots.map((s) => s.start))).toBe(at(`${date}T09:00`, zone)); // 08:50 rounded up to the 15-minute grid
    expect(Math.max(...slots.map((s) => s.end))).toBeLessThanOrEqual(at(`${date}T18:00`, zone));
    expect(slots.every((s) => s.chairId === 'chair-1')).toBe(true); // iron needs a recliner
  });

  it('never starts two patients with one nurse inside her start window, nor during her break', () => {
    const c = center(zone, date);
    const first = findSlots(c, iron('p1'), window)[0]!;
    c.bookings.push(bookSlot(first, iron('p1'), 'b1'));
    c.chairs.push({ id: 'chair-3', kind: 'recliner', outOfService: [] });
    const slots = findSlots(c, iron('p2'), window);
    for (const s of slots) {
      expect(s.start >= first.setupEnd || s.setupEnd <= first.start).toBe(true);
      expect(s.start >= at(`${date}T12:30`, zone) || s.setupEnd <= at(`${date}T12:00`, zone)).toBe(true);
    }
  });

  it('respects the nurse’s monitoring capacity over the whole stay', () => {
    const c = center(zone, date, {
      chairs: ['a', 'b', 'c', 'd'].map((id) => ({ id, kind: 'recliner' as const, outOfService: [] })),
    });
    for (const [i, start] of ['09:00', '09:15'].entries()) {
      const s = at(`${date}T${start}`, zone);
      c.bookings.push({
        id: `b${i}`,
        patientId: `x${i}`,
        chairId: ['a', 'b'][i]!,
        nurseId: 'nurse-a',
        start: s,
        end: s + 3 * HOUR,
        chairReleasedAt: s + 3 * HOUR + 10 * MINUTE,
        setupEnd: s + 15 * MINUTE,
      });
    }
    const slots = findSlots(c, iron('p3'), window);
    // capacity 2 is taken from 09:15 to 12:00
    expect(slots.filter((s) => s.start < at(`${date}T12:00`, zone) && s.end > at(`${date}T09:15`, zone))).toEqual([]);
  });

  it('does not double-book the patient, here or elsewhere', () => {
    const busy = { start: at(`${date}T08:00`, zone), end: at(`${date}T16:00`, zone) };
    const slots = findSlots(center(zone, date), iron(), window, [busy]);
    expect(slots.every((s) => s.start >= busy.end)).toBe(true);
  });

  it('puts long treatments early and prefers the patient’s hours', () => {
    const chemo: TreatmentRequest = {
      patientId: 'p9',
      durationMinutes: 360,
      observationMinutes: 30,
      turnoverMinutes: 20,
      chairKinds: ['recliner', 'bed'],
      certification: 'chemotherapy_biotherapy',
      pharmacyLeadMinutes: 60,
    };
    const [best] = findSlots(center(zone, date), chemo, window);
    expect(best!.start).toBe(at(`${date}T08:00`, zone));
    // Why a later start ranks lower: how long after opening a long stay would begin.
    const late = findSlots(center(zone, date), chemo, window).find((s) => s.start === at(`${date}T10:30`, zone));
    expect(late?.score.longStayHoursAfterOpening).toBe(2.5);
    const preferred = findSlots(center(zone, date), iron(), { ...window, preferredLocal: { from: '14:00', to: '15:00' } });
    const local = DateTime.fromMillis(preferred[0]!.start, { zone }).toFormat('HH:mm');
    expect(local >= '14:00' && local <= '15:00').toBe(true);
  });

  it('levels the load: the next patient goes where fewer chairs are busy', () => {
    const c = center(zone, date, {
      chairs: ['a', 'b', 'c', 'd'].map((id) => ({ id, kind: 'recliner' as const, outOfService: [] })),
      nurses: [{ ...center(zone, date).nurses[0]!, capacity: 4 }],
    });
    const s = at(`${date}T10:00`, zone);
    c.bookings.push({
      id: 'b0',
      patientId: 'x',
      chairId: 'a',
      nurseId: 'nurse-a',
      start: s,
      end: s + 2 * HOUR,
      chairReleasedAt: s + 2 * HOUR + 10 * MINUTE,
      setupEnd: s + 15 * MINUTE,
    });
    const [best] = findSlots(c, iron('p2'), { ...window, preferredLocal: { from: '10:00', to: '12:00' } });
    expect(best!.score.chairPeak).toBe(0.25);
    expect(auditPlacement(c, iron('p2'), bookSlot(best!, iron('p2'), 'new'), window.now)).toEqual([]);
  });

  it('gives the counts behind the ratios it ranks by, which a scheduler is shown as the reasons', () => {
    const c = center(zone, date, {
      chairs: ['a', 'b', 'c', 'd'].map((id) => ({ id, kind: 'recliner' as const, outOfService: [] })),
      nurses: [{ ...center(zone, date).nurses[0]!, capacity: 4 }],
    });
    const s = at(`${date}T10:00`, zone);
    c.bookings.push({
      id: 'b0',
      patientId: 'x',
      chairId: 'a',
      nurseId: 'nurse-a',
      start: s,
      end: s + 2 * HOUR,
      chairReleasedAt: s + 2 * HOUR + 10 * MINUTE,
      setupEnd: s + 15 * MINUTE,
    });
    const slots = findSlots(c, iron('p2'), { ...window, preferredLocal: { from: '09:00', to: '09:30' } });
    // 10:15, beside the booking: two chairs of four busy, the nurse's second patient of four, one start nearby.
    const beside = slots.find((slot) => slot.start === at(`${date}T10:15`, zone))!;
    expect(beside.score).toMatchObject({
      chairsBusy: 2,
      chairs: 4,
      nursePatients: 2,
      nurseCapacity: 4,
      startsNearby: 1,
      preferenceHours: 0.75,
      longStayHoursAfterOpening: 0,
    });
    // The ratios ranked by are these counts, not another measure.
    for (const slot of slots) {
      expect(slot.score.chairPeak).toBe(slot.score.chairsBusy / slot.score.chairs);
      expect(slot.score.nurseLoad).toBe(slot.score.nursePatients / slot.score.nurseCapacity);
    }
    const [best] = slots;
    expect(best!.score).toMatchObject({ chairsBusy: 1, nursePatients: 1 });
  });
});
