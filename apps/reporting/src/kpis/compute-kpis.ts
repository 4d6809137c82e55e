import { DateTime } from 'luxon';
import { MINUTE } from '@chairside/domain';

/** A visit as the facts hold it (instants in ms). */
export interface Visit {
  appointmentId: string;
  locationId: string;
  therapyCode: string | null;
  nurseId: string | null;
  status: 'booked' | 'cancelled' | 'noshow' | 'fulfilled' | null;
  bookedAt: number | null;
  startsAt: number | null;
  endsAt: number | null;
  durationMinutes: number | null;
  lateCancellation: boolean | null;
  confirmedAt: number | null;
  checkedInAt: number | null;
  seatedAt: number | null;
  drugReadyAt: number | null;
  infusionStartedAt: number | null;
  infusingMinutes: number | null;
  dischargedAt: number | null;
  remindersSent: number;
}

export interface LocationCalendar {
  locationId: string;
  timeZone: string;
  chairs: number;
  weeklyHours: Partial<Record<string, Array<{ opens: string; closes: string }>>>;
  closedDates: string[];
}

export interface Reaction {
  locationId: string;
  therapyCode: string;
  grade: number;
  occurredAt: number;
}

export interface Messages {
  /** Messages by final state, per location. */
  sent: number;
  delivered: number;
  failed: number;
}

export interface DayKpis {
  locationId: string;
  /** The local date at the location. */
  date: string;
  openChairMinutes: number;
  scheduledUtilization: number | null;
  actualUtilization: number | null;
  visits: number;
  infusions: number;
  infusionsPerChair: number | null;
  noShows: number;
  noShowRate: number | null;
  lateCancellations: number;
  lateCancellationRate: number | null;
  onTimeStartRate: number | null;
  waits: { checkInToChair: Percentiles; chairToDrugReady: Percentiles; drugReadyToStart: Percentiles };
  plannedMinutesMean: number | null;
  actualInfusingMinutesMean: number | null;
  confirmationRate: number | null;
}

export interface Percentiles {
  n: number;
  p50: number | null;
  p90: number | null;
}

/** An infusion counts as on time when it starts within this of the planned start. */
export const ON_TIME_GRACE_MINUTES = 15;

/** Linear-interpolated percentile (the same definition as PostgreSQL's percentile_cont). */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

function percentiles(values: number[]): Percentiles {
  return { n: values.length, p50: percentile(values, 0.5), p90: percentile(values, 0.9) };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : null);

/** Minutes the location is open on a local date (0 when closed). */
export function openMinutes(calendar: LocationCalendar, date: string): number {
  if (calendar.closedDates.includes(date)) return 0;
  const day = DateTime.fromISO(date, { zone: calendar.timeZone });
  return (calendar.weeklyHours[String(day.weekday)] ?? []).reduce((sum, h) => {
    // Measured on the local day itself: a DST change inside opening hours shortens or lengthens it.
    const opens = DateTime.fromISO(`${date}T${h.opens}`, { zone: calendar.timeZone });
    const closes = DateTime.fromISO(`${date}T${h.closes}`, { zone: calendar.timeZone });
    return sum + Math.max(0, closes.toMillis() - opens.toMillis()) / MINUTE;
  }, 0);
}

export function localDate(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISODate()!;
}

/** The KPIs of a set of visits against the chair time that was open for them. */
export type Kpis = Omit<DayKpis, 'locationId' | 'date'>;

export function measure(visits: Visit[], openChairMinutes: number, chairs: number): Kpis {
  const held = visits.filter((v) => v.status !== 'cancelled');
  const planned = held
    .filter((v) => v.startsAt !== null && v.endsAt !== null)
    .reduce((s, v) => s + (v.endsAt! - v.startsAt!) / MINUTE, 0);
  const used = visits
    .filter((v) => v.seatedAt !== null && v.dischargedAt !== null)
    .reduce((s, v) => s + Math.max(0, v.dischargedAt! - v.seatedAt!) / MINUTE, 0);
  const started = visits.filter((v) => v.infusionStartedAt !== null);
  const between = (from: keyof Visit, to: keyof Visit) =>
    visits.filter((v) => v[from] !== null && v[to] !== null).map((v) => ((v[to] as number) - (v[from] as number)) / MINUTE);
  const noShows = visits.filter((v) => v.status === 'noshow').length;
  const late = visits.filter((v) => v.status === 'cancelled' && v.lateCancellation).length;
  return {
    openChairMinutes,
    scheduledUtilization: ratio(planned, openChairMinutes),
    actualUtilization: ratio(used, openChairMinutes),
    visits: visits.length,
    infusions: started.length,
    infusionsPerChair: ratio(started.length, chairs),
    noShows,
    noShowRate: ratio(noShows, held.length),
    lateCancellations: late,
    lateCancellationRate: ratio(late, visits.length),
    onTimeStartRate: ratio(
      started.filter((v) => v.startsAt !== null && v.infusionStartedAt! <= v.startsAt + ON_TIME_GRACE_MINUTES * MINUTE).length,
      started.length,
    ),
    waits: {
      checkInToChair: percentiles(between('checkedInAt', 'seatedAt')),
      chairToDrugReady: percentiles(between('seatedAt', 'drugReadyAt')),
      drugReadyToStart: percentiles(between('drugReadyAt', 'infusionStartedAt')),
    },
    plannedMinutesMean: mean(started.filter((v) => v.durationMinutes !== null).map((v) => v.durationMinutes!)),
    actualInfusingMinutesMean: mean(visits.filter((v) => v.infusingMinutes !== null).map((v) => v.infusingMinutes!)),
    confirmationRate: ratio(held.filter((v) => v.confirmedAt !== null).length, held.length),
  };
}

/**
 * The visit KPIs of one location and local day, from its facts. Visits belong to the local day of
 * their planned start; chair time counts in full on that day. Infusions per chair counts chair-days.
 */
export function dayKpis(calendar: LocationCalendar, date: string, visits: Visit[]): DayKpis {
  return {
    locationId: calendar.locationId,
    date,
    ...measure(visits, openMinutes(calendar, date) * calendar.chairs, calendar.chairs),
  };
}

/** Every local date from `from` to `to`, inclusive (YYYY-MM-DD). */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = DateTime.fromISO(from, { zone: 'UTC' }); d.toISODate()! <= to; d = d.plus({ days: 1 })) dates.push(d.toISODate()!);
  return dates;
}

/** No-show rate by booking lead time (days between booking and the planned start). */
export const LEAD_TIME_BUCKETS = [
  { label: 'under 2 days', maxDays: 2 },
  { label: '2 to 7 days', maxDays: 7 },
  { label: '7 to 28 days', maxDays: 28 },
  { label: '28 days or more', maxDays: Infinity },
] as const;

export function noShowsByLeadTime(
  visits: Visit[],
): Array<{ bucket: string; visits: number; noShows: number; rate: number | null }> {
  const held = visits.filter((v) => v.status !== 'cancelled' && v.bookedAt !== null && v.startsAt !== null);
  return LEAD_TIME_BUCKETS.map((b, i) => {
    const min = i === 0 ? -Infinity : LEAD_TIME_BUCKETS[i - 1]!.maxDays;
    const inBucket = held.filter((v) => {
      const days = (v.startsAt! - v.bookedAt!) / (24 * 60 * MINUTE);
      return days >= min && days < b.maxDays;
    });
    const noShows = inBucket.filter((v) => v.status === 'noshow').length;
    return { bucket: b.label, visits: inBucket.length, noShows, rate: ratio(noShows, inBucket.length) };
  });
}

/** The effect reminders are meant to have: no-show rate with and without a reminder sent. */
export function reminderEffect(visits: Visit[]): {
  withReminder: { visits: number; noShowRate: number | null };
  withoutReminder: { visits: number; noShowRate: number | null };
} {
  const held = visits.filter((v) => v.status !== 'cancelled');
  const part = (list: Visit[]) => ({
    visits: list.length,
    noShowRate: ratio(list.filter((v) => v.status === 'noshow').length, list.length),
  });
  return {
    withReminder: part(held.filter((v) => v.remindersSent > 0)),
    withoutReminder: part(held.filter((v) => v.remindersSent === 0)),
  };
}

export function reactionsByTherapyAndGrade(reactions: Reaction[]): Array<{ therapyCode: string; grade: number; count: number }> {
  const counts = new Map<string, number>();
  for (const r of reactions) counts.set(`${r.therapyCode}|${r.grade}`, (counts.get(`${r.therapyCode}|${r.grade}`) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ therapyCode: key.split('|')[0]!, grade: Number(key.split('|')[1]), count }))
    .sort((a, b) => a.therapyCode.localeCompare(b.therapyCode) || a.grade - b.grade);
}

/** One hour of a local day at a location: heatmap data. */
export interface HourLoad {
  /** Local wall-clock hour, e.g. "09:00" (twice on the day clocks go back, with different offsets). */
  hour: string;
  /** The hour's first instant (UTC). */
  startsAt: string;
  utcOffset: string;
  /** Most chairs booked at once during the hour (held visits, planned start to planned end). */
  scheduledChairsPeak: number;
  /** Most patients in a chair at once during the hour (seated to discharged). */
  chairsInUsePeak: number;
  /** Most patients in a chair at once with any one nurse (the nurse they were booked with). */
  patientsPerNursePeak: number;
  /** Infusions started in the hour. */
  infusionStarts: number;
}

interface Stay {
  from: number;
  to: number;
  nurseId: string | null;
}

/** Most stays covering one instant within [from, to): the count only rises at a stay's start. */
function peakWithin(stays: Stay[], from: number, to: number): number {
  const probes = [from, ...stays.filter((s) => s.from > from && s.from < to).map((s) => s.from)];
  let peak = 0;
  for (const t of probes) peak = Math.max(peak, stays.filter((s) => s.from <= t && t < s.to).length);
  return peak;
}

function peakPerNurse(stays: Stay[], from: number, to: number): number {
  const byNurse = new Map<string, Stay[]>();
  for (const s of stays) if (s.nurseId) byNurse.set(s.nurseId, [...(byNurse.get(s.nurseId) ?? []), s]);
  return Math.max(0, ...[...byNurse.values()].map((mine) => peakWithin(mine, from, to)));
}

/**
 * The local day's hours at a location, each with its peaks: from local midnight to the next, so
 * a DST day has 23 or 25 of them. `visits` are those that may touch the day (any planned day).
 */
export function hourlyLoad(calendar: LocationCalendar, date: string, visits: Visit[]): HourLoad[] {
  const dayStart = DateTime.fromISO(date, { zone: calendar.timeZone }).startOf('day');
  const dayEnd = dayStart.plus({ days: 1 }).toMillis();
  const held = visits.filter((v) => v.status !== 'cancelled' && v.startsAt !== null && v.endsAt !== null);
  const scheduled = held.map((v) => ({ from: v.startsAt!, to: v.endsAt!, nurseId: v.nurseId }));
  const actual = visits
    .filter((v) => v.seatedAt !== null && v.dischargedAt !== null)
    .map((v) => ({ from: v.seatedAt!, to: v.dischargedAt!, nurseId: v.nurseId }));
  const hours: HourLoad[] = [];
  for (let t = dayStart.toMillis(); t < dayEnd; t += 60 * MINUTE) {
    const local = DateTime.fromMillis(t, { zone: calendar.timeZone });
    const end = t + 60 * MINUTE;
    hours.push({
      hour: local.toFormat('HH:mm'),
      startsAt: new Date(t).toISOString(),
      utcOffset: local.toFormat('ZZ'),
      scheduledChairsPeak: peakWithin(scheduled, t, end),
      chairsInUsePeak: peakWithin(actual, t, end),
      patientsPerNursePeak: peakPerNurse(actual, t, end),
      infusionStarts: visits.filter((v) => v.infusionStartedAt !== null && v.infusionStartedAt >= t && v.infusionStartedAt < end)
        .length,
    });
  }
  return hours;
}

/** The KPIs of each therapy's visits (utilization as the therapy's share of the open chair time). */
export function byTherapy(visits: Visit[], openChairMinutes: number, chairDays: number): Array<{ therapyCode: string } & Kpis> {
  const codes = [...new Set(visits.map((v) => v.therapyCode).filter((c): c is string => c !== null))].sort();
  return codes.map((therapyCode) => ({
    therapyCode,
    ...measure(
      visits.filter((v) => v.therapyCode === therapyCode),
      openChairMinutes,
      chairDays,
    ),
  }));
}
