import type { BookedTreatment, CenterState, Interval, TreatmentRequest } from './center.js';
import { MINUTE } from '@chairside/domain';

/**
 * An independent check of a schedule, written from the constraint definitions rather than from
 * the search engine: it walks minute by minute and reads local time with Intl, not luxon. The
 * property tests hold the engine to it.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(instant: number, zone: string): { date: string; minuteOfDay: number; weekday: number } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    weekday,
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function isOpenAt(center: CenterState, instant: number): boolean {
  const { date, minuteOfDay, weekday } = localParts(instant, center.calendar.timeZone);
  if (center.calendar.closedDates.includes(date)) return false;
  const hours = center.calendar.weeklyHours[weekday as 1] ?? [];
  return hours.some((h) => toMinutes(h.opens) <= minuteOfDay && minuteOfDay < toMinutes(h.closes));
}

function minutes(start: number, end: number): number[] {
  const out: number[] = [];
  for (let t = start; t < end; t += MINUTE) out.push(t);
  return out;
}

const overlap = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/** Everything wrong with the whole schedule: empty when every constraint holds. */
export function auditSchedule(center: CenterState, bookings: readonly BookedTreatment[] = center.bookings): string[] {
  const problems: string[] = [];
  const chairsById = new Map(center.chairs.map((c) => [c.id, c]));
  const nursesById = new Map(center.nurses.map((n) => [n.id, n]));
  for (const b of bookings) {
    if (minutes(b.start, b.end).some((t) => !isOpenAt(center, t))) problems.push(`${b.id}: outside opening hours`);
    const chair = chairsById.get(b.chairId);
    if (!chair) problems.push(`${b.id}: unknown chair`);
    else if (chair.outOfService.some((o) => overlap(o, { start: b.start, end: b.chairReleasedAt })))
      problems.push(`${b.id}: chair out of service`);
    const nurse = nursesById.get(b.nurseId);
    if (!nurse) {
      problems.push(`${b.id}: unknown nurse`);
      continue;
    }
    if (minutes(b.start, b.end).some((t) => !nurse.shifts.some((s) => s.start <= t && t < s.end)))
      problems.push(`${b.id}: nurse off shift`);
    if (nurse.shifts.some((s) => s.breaks.some((br) => overlap(br, { start: b.start, end: b.setupEnd }))))
      problems.push(`${b.id}: set-up during the nurse's break`);
  }
  for (const [i, a] of bookings.entries()) {
    for (const b of bookings.slice(i + 1)) {
      if (
        a.chairId === b.chairId &&
        overlap({ start: a.start, end: a.chairReleasedAt }, { start: b.start, end: b.chairReleasedAt })
      )
        problems.push(`${a.id}/${b.id}: chair double-booked`);
      if (a.patientId === b.patientId && overlap(a, b)) problems.push(`${a.id}/${b.id}: patient double-booked`);
      if (a.nurseId === b.nurseId && overlap({ start: a.start, end: a.setupEnd }, { start: b.start, end: b.setupEnd }))
        problems.push(`${a.id}/${b.id}: two set-ups at once`);
    }
  }
  for (const nurse of center.nurses) {
    const own = bookings.filter((b) => b.nurseId === nurse.id);
    const checked = new Set<number>();
    for (const b of own) {
      for (const t of minutes(b.start, b.end)) {
        if (checked.has(t)) continue;
        checked.add(t);
        const active = own.filter((o) => o.start <= t && t < o.end).length;
        if (active > nurse.capacity) {
          problems.push(`${nurse.id}: ${active} patients at ${new Date(t).toISOString()} (capacity ${nurse.capacity})`);
          break;
        }
      }
    }
  }
  return problems;
}

/** What is wrong with placing `request` in `booking` (kind, certification, lead time), on top of the schedule audit. */
export function auditPlacement(
  center: CenterState,
  request: TreatmentRequest,
  booking: BookedTreatment,
  now: number,
  patientBusy: readonly Interval[] = [],
): string[] {
  const problems: string[] = [];
  const chair = center.chairs.find((c) => c.id === booking.chairId);
  if (chair && !request.chairKinds.includes(chair.kind)) problems.push(`chair kind ${chair.kind} not allowed`);
  const nurse = center.nurses.find((n) => n.id === booking.nurseId);
  if (nurse && !nurse.certifications.includes(request.certification)) problems.push(`nurse lacks ${request.certification}`);
  if (booking.start < now + request.pharmacyLeadMinutes * MINUTE) problems.push('before the drug can be ready');
  if (booking.end - booking.start !== (request.durationMinutes + request.observationMinutes) * MINUTE)
    problems.push('wrong length');
  if (booking.chairReleasedAt - booking.end !== request.turnoverMinutes * MINUTE) problems.push('wrong turnover');
  if (nurse && booking.setupEnd - booking.start !== nurse.startWindowMinutes * MINUTE) problems.push('wrong set-up window');
  if (patientBusy.some((p) => overlap(p, booking))) problems.push('patient busy elsewhere');
  // The whole schedule with it: capacity problems name the nurse, not the booking.
  return [...problems, ...auditSchedule(center, [...center.bookings, booking])];
}
