import { DateTime } from 'luxon';

/** Wall-clock time at the location without offset ('2026-11-30T09:15:00'), as events carry it. */
export function wallClock(instant: Date | number, zone: string): string {
  return DateTime.fromMillis(typeof instant === 'number' ? instant : instant.getTime(), { zone }).toISO({
    includeOffset: false,
    suppressMilliseconds: true,
  })!;
}
