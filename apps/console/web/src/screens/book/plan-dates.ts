import { localToInstant } from '../../time/zoned.js';

/** The interval scheduling takes (days between doses) from "every N days" or "every N weeks". */
export function intervalDays(every: number, unit: 'days' | 'weeks'): number {
  return unit === 'weeks' ? every * 7 : every;
}

/**
 * The dose times a plan asks for, as scheduling places them when each is free: the first at the
 * local date and time given ("2026-12-03T10:00", a datetime-local input's value), each next one
 * `interval` days later at the same local wall-clock time in the location's zone, so a dose after a
 * DST change keeps its hour. UTC instants, in dose order.
 */
export function planDates(first: string, interval: number, doses: number, timeZone: string): string[] {
  const [date, time] = first.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Array.from({ length: doses }, (_, i) => {
    // Calendar days counted in UTC: no zone's DST shifts a date.
    const day = new Date(Date.UTC(y, m - 1, d + i * interval)).toISOString().slice(0, 10);
    return localToInstant(`${day}T${time}`, timeZone);
  });
}
