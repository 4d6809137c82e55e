import { formatTime, localDate, localToInstant } from '../../time/zoned.js';
import type { LiveEvent } from './board.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;

/**
 * The day named in the URL (`?date=YYYY-MM-DD`) if it is a real calendar date in the years the
 * back end takes (1900–2200), else undefined (the board then shows today).
 */
export function shownDay(param: string | null): string | undefined {
  const m = param ? DAY.exec(param) : null;
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || year > 2200 || month < 1 || month > 12) return undefined;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return param!;
}

/** The calendar day `days` after (or before) `date`: calendar arithmetic, no zone involved. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** An hour line of the board: where it is (minutes since the day's local midnight) and its local time. */
export interface HourTick {
  minutes: number;
  label: string;
}

/**
 * The board's time axis for one local day at the location. Positions are real minutes since the
 * day's local midnight, so a day with a DST change is 23 or 25 hours long: the skipped hour is not
 * drawn and the repeated one is drawn twice, each appointment where its instant falls (wall-clock
 * minutes would put 01:30 before and after the autumn change on the same spot).
 */
export class DayAxis {
  readonly start: number;
  /** Minutes from the day's local midnight to the next day's: 1380, 1440 or 1500. */
  readonly length: number;

  constructor(
    readonly date: string,
    readonly timeZone: string,
  ) {
    this.start = Date.parse(localToInstant(`${date}T00:00`, timeZone));
    this.length = Math.round((Date.parse(localToInstant(`${addDays(date, 1)}T00:00`, timeZone)) - this.start) / MINUTE_MS);
  }

  /** Minutes of `instant` since the day's local midnight (negative before it, beyond `length` after it). */
  minutes(instant: string | Date): number {
    return Math.round((new Date(instant).getTime() - this.start) / MINUTE_MS);
  }

  /** Minutes since midnight of a local time of this day ("07:00"). */
  at(localTime: string): number {
    return this.minutes(localToInstant(`${this.date}T${localTime}`, this.timeZone));
  }

  /**
   * The hours drawn: from 07:00 (or the hour of the earliest start) to 19:00 (or the hour after the
   * latest end), every real hour between, labelled with the location's clock.
   */
  hours(starts: number[], ends: number[], locale: string): HourTick[] {
    const from = Math.min(this.at('07:00'), ...starts.map((m) => Math.floor(m / 60) * 60));
    const to = Math.max(this.at('19:00'), ...ends.map((m) => Math.ceil(m / 60) * 60));
    const ticks: HourTick[] = [];
    for (let m = from; m < to; m += 60)
      ticks.push({ minutes: m, label: formatTime(new Date(this.start + m * MINUTE_MS), this.timeZone, locale) });
    return ticks;
  }
}

/** Whether a live event's booking falls on the shown day at the location (other days add no bar). */
export function announcedFor(event: LiveEvent, date: string, timeZone: string): boolean {
  return !!event.bar && localDate(new Date(event.bar.startsAt), timeZone) === date;
}
