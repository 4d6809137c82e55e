import { DateTime } from 'luxon';
import type { Interval, IsoWeekday, LocationCalendar } from './center.js';

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
  for (let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 }); day.toMillis() < to; day = day.plus({ days: 1 })) {
    const localDate = day.toISODate()!;
    if (closed.has(localDate)) continue;
    for (const hours of calendar.weeklyHours[day.weekday as IsoWeekday] ?? []) {
      const start = DateTime.fromISO(`${localDate}T${hours.opens}`, { zone }).toMillis();
      const end = DateTime.fromISO(`${localDate}T${hours.closes}`, { zone }).toMillis();
      if (end > start && end > from && start < to) intervals.push({ start, end, localDate });
    }
  }
  return intervals.sort((a, b) => a.start - b.start);
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
