// What the Setup screen's forms turn into the services' values: plain functions, tested in
// apps/console/test/setup-values.fast.test.ts.
import { localDate, localToInstant } from '../../time/zoned.js';

/** A shift on a local day from `from` to `to` ("07:30", as the location lives them); an end not after the start is the next morning. */
export function dayShift(day: string, from: string, to: string, timeZone: string): { startsAt: string; endsAt: string } {
  const start = localToInstant(`${day}T${from}`, timeZone);
  let end = localToInstant(`${day}T${to}`, timeZone);
  if (end <= start) {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    end = localToInstant(`${new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)}T${to}`, timeZone);
  }
  return { startsAt: start, endsAt: end };
}

/** A shift's new times on the local day it starts. */
export const shiftTimes = (startsAt: string, from: string, to: string, timeZone: string) =>
  dayShift(localDate(new Date(startsAt), timeZone), from, to, timeZone);

/** "72, 24, 2" as hours before the start, or undefined when it is not what notifications accepts (1–336, at most 5, no repeats). */
export function parseLeadTimes(text: string): number[] | undefined {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length > 5 || parts.some((p) => !/^\d{1,3}$/.test(p))) return undefined;
  const hours = parts.map(Number);
  if (hours.some((h) => h < 1 || h > 336) || new Set(hours).size !== hours.length) return undefined;
  return hours.sort((a, b) => b - a);
}

/** A day's opening intervals as the admin writes them ("08:00-12:00, 13:00-18:00"; empty is closed), or undefined when not readable. */
export function parseDayHours(text: string): Array<{ opens: string; closes: string }> | undefined {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const intervals: Array<{ opens: string; closes: string }> = [];
  for (const part of parts) {
    const match = /^([01]\d|2[0-3]):([0-5]\d)\s*[-–]\s*([01]\d|2[0-3]):([0-5]\d)$/.exec(part);
    if (!match) return undefined;
    const opens = `${match[1]}:${match[2]}`;
    const closes = `${match[3]}:${match[4]}`;
    if (closes <= opens) return undefined;
    intervals.push({ opens, closes });
  }
  intervals.sort((a, b) => a.opens.localeCompare(b.opens));
  for (let i = 1; i < intervals.length; i++) if (intervals[i]!.opens < intervals[i - 1]!.closes) return undefined;
  return intervals;
}

/** A day's intervals as the admin reads and writes them. */
export const formatDayHours = (intervals: ReadonlyArray<{ opens: string; closes: string }>): string =>
  intervals.map((h) => `${h.opens}-${h.closes}`).join(', ');
