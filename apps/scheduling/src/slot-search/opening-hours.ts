import { DateTime } from 'luxon';
import type { Interval, IsoWeekday, LocationCalendar } from './center.js';
import { DAY } from '@chairside/domain';

export interface OpeningInterval extends Interval {
  /** The local date the interval belongs to. */
  localDate: string;
}

/**
 * The center's opening intervals that overlap [from, to), in UTC, computed per local date in
 * its time zone: on DST days the same "08:00–18:00" is 9 or 11 hours of UTC after midnight,
 * and the day itself lasts 23 or 25 hours. A local time that does not exist (inside a
 * spring-forward gap) moves forward to the first valid instant.
 */
export function openingIntervals(calendar: LocationCalendar, from: number, to: number): OpeningInterval[] {
  const zone = calendar.timeZone;
  const closed = new Set(calendar.closedDates);
  const intervals: OpeningInterval[] = [];
  // A local date is within a day of the UTC date of the same instant, so these dates cover every
  // local day that can touch [from, to); the extra ones add nothing that overlaps it.
  for (let day = utcMidnight(from) - 2 * DAY; day <= utcMidnight(to) + DAY; day += DAY) {
    const localDate = new Date(day).toISOString().slice(0, 10);
    if (closed.has(localDate)) continue;
    for (const hours of calendar.weeklyHours[isoWeekday(day)] ?? []) {
      const start = wallClockInstant(zone, localDate, hours.opens);
      const end = wallClockInstant(zone, localDate, hours.closes);
      if (end > start && end > from && start < to) intervals.push({ start, end, localDate });
    }
  }
  return intervals.sort((a, b) => a.start - b.start);
}
const utcMidnight = (instant: number) => instant - (((instant % DAY) + DAY) % DAY);
const isoWeekday = (utcMidnightOfDate: number) => (new Date(utcMidnightOfDate).getUTCDay() || 7) as IsoWeekday;

/**
 * Opening and closing times recur for every booking and search; a zone's rules do not change
 * while the process runs, so each local time is converted once (luxon's zone arithmetic was the
 * largest share of a booking's own CPU).
 */
const instants = new Map<string, number>();

function wallClockInstant(zone: string, localDate: string, hhmm: string): number {
  const key = `${zone} ${localDate}T${hhmm}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    if (instants.size >= 200_000) instants.clear();
    instant = DateTime.fromISO(`${localDate}T${hhmm}`, { zone }).toMillis();
    instants.set(key, instant);
  }
  return instant;
}

/** Minutes since local midnight of an instant, in the zone. */
export function localMinuteOfDay(instant: number, zone: string): number {
  const t = DateTime.fromMillis(instant, { zone });
  return t.hour * 60 + t.minute;
}

export function parseLocalTime(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`"${hhmm}" is not a local time HH:mm`);
  return Number(match[1]) * 60 + Number(match[2]);
}
