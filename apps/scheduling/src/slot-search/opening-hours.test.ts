import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { IsoWeekday, LocationCalendar } from './center.js';
import { openingIntervals } from './opening-hours.js';

/** The straightforward walk over local days with luxon: what the memoised version must equal. */
function reference(calendar: LocationCalendar, from: number, to: number) {
  const zone = calendar.timeZone;
  const intervals: Array<{ start: number; end: number; localDate: string }> = [];
  for (
    let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
    day.toMillis() < to;
    // startOf('day') again each time: after a day whose midnight does not exist (Santiago's clocks
    // jump from 00:00 to 01:00), plus({ days: 1 }) would keep 01:00 and skip a last day opening at 00:00.
    day = day.plus({ days: 1 }).startOf('day')
  ) {
    const localDate = day.toISODate()!;
    if (calendar.closedDates.includes(localDate)) continue;
    for (const hours of calendar.weeklyHours[day.weekday as IsoWeekday] ?? []) {
      const start = DateTime.fromISO(`${localDate}T${hours.opens}`, { zone }).toMillis();
      const end = DateTime.fromISO(`${localDate}T${hours.closes}`, { zone }).toMillis();
      if (end > start && end > from && start < to) intervals.push({ start, end, localDate });
    }
  }
  return intervals.sort((a, b) => a.start - b.start);
}

// Zones far east and west of UTC, with and without DST, southern hemisphere, half hours, and one
// whose clocks change at midnight.
const ZONES = [
  'America/Chicago',
  'Europe/Madrid',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Asia/Kolkata',
  'America/St_Johns',
  'America/Santiago',
  'Asia/Tokyo',
  'UTC',
];
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const dayHours = fc.array(
  fc.tuple(hhmm, hhmm).map(([a, b]) => ({ opens: a < b ? a : b, closes: a < b ? b : a })),
  { maxLength: 2 },
);

describe('openingIntervals', () => {
  it('equals the day-by-day luxon walk for any zone, week, closures and window, clock-change days included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(dayHours, { minLength: 7, maxLength: 7 }),
        // Windows around the 2027 clock changes of both hemispheres and anywhere else in the year.
        fc.oneof(
          fc.constantFrom(
            Date.parse('2027-03-14T00:00:00Z'),
            Date.parse('2027-03-28T00:00:00Z'),
            Date.parse('2027-04-04T00:00:00Z'),
            Date.parse('2027-09-26T00:00:00Z'),
            Date.parse('2027-11-07T00:00:00Z'),
          ),
          fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }),
        ),
        fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
        fc.integer({ min: 1, max: 16 * 24 * 60 }),
        fc.array(fc.integer({ min: -4, max: 20 }), { maxLength: 3 }),
        (timeZone, week, around, offsetMinutes, lengthMinutes, closedOffsets) => {
          const from = around + offsetMinutes * 60_000;
          const to = from + lengthMinutes * 60_000;
          const closedDates = closedOffsets.map((d) =>
            DateTime.fromMillis(from, { zone: timeZone }).plus({ days: d }).toISODate()!,
          );
          const calendar: LocationCalendar = {
            timeZone,
            weeklyHours: Object.fromEntries(week.map((h, i) => [i + 1, h])),
            closedDates,
          };
          expect(openingIntervals(calendar, from, to)).toEqual(reference(calendar, from, to));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
