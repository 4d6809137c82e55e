import { addDays, announcedFor, DayAxis, shownDay } from '../web/src/screens/today/board-day.js';
import type { LiveEvent } from '../web/src/screens/today/board.js';
import { withAnnounced } from '../web/src/screens/today/board.js';

// The Today board's day: the day in the URL, days before and after, its hours in the location's
// zone on a day with a DST change, and which live bookings it may show.

const booking = (appointmentId: string, startsAt: string): LiveEvent => ({
  name: 'scheduling.appointment.booked',
  locationId: 'l',
  appointmentId,
  occurredAt: '2026-12-03T10:00:00Z',
  bar: {
    patientId: 'p',
    therapyCode: 'hydration',
    chairId: 'c',
    nurseId: 'n',
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
  },
});

describe("the Today board's day", () => {
  it('takes a real calendar date from the URL, else none (today)', () => {
    expect(shownDay('2026-12-04')).toBe('2026-12-04');
    expect(shownDay('2028-02-29')).toBe('2028-02-29');
    for (const bad of [null, '', '2026-02-30', '2026-13-01', '1899-12-31', '2201-01-01', '2026-12-4', 'tomorrow'])
      expect(shownDay(bad)).toBeUndefined();
  });

  it('steps by calendar days across months, years and DST changes', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', -1)).toBe('2026-10-24');
  });

  it('lays out a 23-hour day (Madrid, spring) without the skipped hour', () => {
    const axis = new DayAxis('2026-03-29', 'Europe/Madrid');
    expect(axis.length).toBe(23 * 60);
    const hours = axis.hours([], [], 'en-GB');
    // 07:00 local is six real hours after midnight: 02:00–03:00 never happened.
    expect(hours[0]).toEqual({ minutes: 6 * 60, label: '07:00' });
    expect(hours.map((h) => h.label)).toEqual([
      '07:00',
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
      '17:00',
      '18:00',
    ]);
    // An appointment at 10:00 Madrid (08:00 UTC, CEST) sits on the 10:00 line.
    expect(axis.minutes('2026-03-29T08:00:00Z')).toBe(hours.find((h) => h.label === '10:00')!.minutes);
    // One starting at 01:00 opens the board there, and the next line is 03:00.
    const early = axis.hours([axis.minutes('2026-03-29T00:00:00Z')], [], 'en-GB');
    expect(early.slice(0, 3).map((h) => h.label)).toEqual(['01:00', '03:00', '04:00']);
  });

  it('lays out a 25-hour day (Madrid, autumn) with the repeated hour twice, each appointment at its instant', () => {
    const axis = new DayAxis('2026-10-25', 'Europe/Madrid');
    expect(axis.length).toBe(25 * 60);
    // 01:30 CEST (23:30 UTC the day before) and 01:30 CET an hour later: two places, not one.
    const first = axis.minutes('2026-10-24T23:30:00Z');
    const second = axis.minutes('2026-10-25T00:30:00Z');
    expect(second - first).toBe(60);
    const hours = axis.hours([first], [axis.minutes('2026-10-25T09:00:00Z')], 'en-GB');
    expect(hours.slice(0, 4).map((h) => h.label)).toEqual(['01:00', '02:00', '02:00', '03:00']);
    expect(hours.at(-1)!.label).toBe('18:00');
    // 10:00 CET is 09:00 UTC, eleven real hours after midnight.
    expect(axis.at('10:00')).toBe(11 * 60);
  });

  it('lays out an ordinary day of 24 hours from 07:00 to 19:00', () => {
    const axis = new DayAxis('2026-12-03', 'Asia/Kolkata');
    expect(axis.length).toBe(24 * 60);
    const hours = axis.hours([], [], 'en-GB');
    expect(hours[0]).toEqual({ minutes: 7 * 60, label: '07:00' });
    expect(hours).toHaveLength(12);
  });

  it('adds live bookings of the shown day only, in the location’s zone', () => {
    // 23:30 UTC on 3 December is already 4 December in Tokyo, still 3 December in New York.
    const late = booking('a', '2026-12-03T23:30:00Z');
    const tomorrow = booking('b', '2026-12-04T15:00:00Z');
    expect(announcedFor(late, '2026-12-04', 'Asia/Tokyo')).toBe(true);
    expect(announcedFor(late, '2026-12-03', 'Asia/Tokyo')).toBe(false);
    expect(announcedFor(late, '2026-12-03', 'America/New_York')).toBe(true);
    const announced = new Map([
      ['a', late],
      ['b', tomorrow],
    ]);
    const onThird = withAnnounced([], announced, (e) => announcedFor(e, '2026-12-03', 'America/New_York'));
    expect(onThird.map((s) => s.appointmentId)).toEqual(['a']);
    const onFourth = withAnnounced([], announced, (e) => announcedFor(e, '2026-12-04', 'America/New_York'));
    expect(onFourth.map((s) => s.appointmentId)).toEqual(['b']);
  });
});
