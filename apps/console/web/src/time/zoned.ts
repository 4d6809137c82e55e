/**
 * Times as the location lives them: every instant is shown in the location's IANA zone, with the
 * zone named, whatever the browser's own zone is.
 */

// Making an Intl.DateTimeFormat costs far more than formatting with one (the board formats a few
// hundred times a render): one formatter per (locale, options), options including the zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

export function formatTime(instant: string | Date, timeZone: string, locale: string): string {
  return formatter(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** Short zone name at that instant ("CET", "GMT+11"), for labels next to times. */
export function zoneAbbreviation(instant: Date, timeZone: string, locale: string): string {
  const part = formatter(locale, { timeZone, timeZoneName: 'short' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** The local date (YYYY-MM-DD) at the location. */
export function localDate(instant: Date, timeZone: string): string {
  return formatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Minutes since local midnight at the location. */
export function localMinutes(instant: string | Date, timeZone: string): number {
  const parts = formatter('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

/** The zone's offset from UTC at that instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = formatter('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The last instant of the location's local day that contains `instant`. */
export function endOfLocalDay(instant: Date, timeZone: string): Date {
  const [year, month, day] = localDate(instant, timeZone).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day, 23, 59, 59) - zoneOffsetMs(instant, timeZone));
}

/** Date and time at the location ("Tue 2 Dec, 10:30"). */
export function formatDateTime(instant: string | Date, timeZone: string, locale: string): string {
  return formatter(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

/** A local date and time at the location ("2026-12-03T14:00", as a datetime-local input gives it) as a UTC instant. */
export function localToInstant(local: string, timeZone: string): string {
  const [date, time] = local.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  // The offset at the guess, then at the corrected instant: right on both sides of a DST change.
  const first = asUtc - zoneOffsetMs(new Date(asUtc), timeZone);
  return new Date(asUtc - zoneOffsetMs(new Date(first), timeZone)).toISOString();
}

/** An instant as the location's local date and time ("2026-12-03T14:00"), as a datetime-local input takes it. */
export function instantToLocal(instant: string | Date, timeZone: string): string {
  const parts = formatter('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}
