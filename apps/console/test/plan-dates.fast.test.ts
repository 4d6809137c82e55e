import { intervalDays, planDates } from '../web/src/screens/book/plan-dates.js';

// The dates Book shows before a plan is booked are the ones scheduling asks for: the same local
// wall-clock time every interval, in the location's zone, across DST changes and month ends.

describe('the dates a treatment plan asks for', () => {
  it('every N weeks is 7N days', () => {
    expect(intervalDays(3, 'weeks')).toBe(21);
    expect(intervalDays(10, 'days')).toBe(10);
  });

  it('keeps the local time across a DST change (New York, 2 November 2025)', () => {
    expect(planDates('2025-10-20T10:00', 7, 3, 'America/New_York')).toEqual([
      '2025-10-20T14:00:00.000Z',
      '2025-10-27T14:00:00.000Z',
      // After the clocks went back: still 10:00 there, an hour later in UTC.
      '2025-11-03T15:00:00.000Z',
    ]);
  });

  it('counts calendar days over month and year ends, in a half-hour zone', () => {
    expect(planDates('2026-12-25T09:30', 4, 3, 'Asia/Kolkata')).toEqual([
      '2026-12-25T04:00:00.000Z',
      '2026-12-29T04:00:00.000Z',
      '2027-01-02T04:00:00.000Z',
    ]);
  });

  it('one cycle is the first dose alone', () => {
    expect(planDates('2026-03-01T08:00', 28, 1, 'Europe/Madrid')).toEqual(['2026-03-01T07:00:00.000Z']);
  });
});
