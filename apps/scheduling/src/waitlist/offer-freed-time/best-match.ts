import { DateTime } from 'luxon';
import { DAY } from '@chairside/domain';

/** What ranking needs of a waiting request. */
export interface Candidate {
  therapyCode: string;
  durationMinutes: number;
  earliest: Date;
  preferredFrom: string | null;
  preferredTo: string | null;
  /** ISO days of the week (1 = Monday … 7 = Sunday) in the location's zone; null: any day. */
  preferredWeekdays: number[] | null;
  createdAt: Date;
}

/** The freed time: where it starts, how long it is, and the therapy it was booked for (when known). */
export interface FreedTime {
  from: Date;
  to: Date;
  timeZone: string;
  therapyCode?: string;
}

/**
 * How well a waiting request matches freed time, higher is better: the same therapy as the time
 * was planned for (its chair and nurse suit it), a duration that fills the gap, the patient's
 * preferred days of the week and time of day (in the location's zone), a start close to the date
 * they asked for, and how long they have waited.
 * Each part is bounded, so waiting long never outweighs a clearly better fit, only breaks near ties.
 */
export function matchScore(c: Candidate, freed: FreedTime, now: Date): number {
  const gapMinutes = (freed.to.getTime() - freed.from.getTime()) / 60_000;
  const therapy = freed.therapyCode === undefined ? 0 : c.therapyCode === freed.therapyCode ? 40 : 0;
  const fill = c.durationMinutes <= gapMinutes ? 20 * (c.durationMinutes / gapMinutes) : 0;
  const freedLocal = DateTime.fromJSDate(freed.from, { zone: freed.timeZone });
  const local = freedLocal.toFormat('HH:mm');
  const preferred = c.preferredFrom && c.preferredTo ? (local >= c.preferredFrom && local < c.preferredTo ? 20 : 0) : 10;
  // A day they said they can come beats not saying; a day they did not name may be one they cannot.
  const day = c.preferredWeekdays?.length ? (c.preferredWeekdays.includes(freedLocal.weekday) ? 20 : 0) : 10;
  const start = Math.max(freed.from.getTime(), c.earliest.getTime());
  const distanceDays = Math.abs(start - c.earliest.getTime()) / DAY;
  const distance = -Math.min(20, 2 * distanceDays);
  const waited = Math.min(15, (0.5 * (now.getTime() - c.createdAt.getTime())) / DAY);
  return therapy + fill + preferred + day + distance + waited;
}

/** Best first; equal scores go to whoever waited longer. */
export function bestMatches<T extends Candidate>(candidates: T[], freed: FreedTime, now: Date): T[] {
  return candidates
    .map((c) => ({ c, score: matchScore(c, freed, now) }))
    .sort((a, b) => b.score - a.score || a.c.createdAt.getTime() - b.c.createdAt.getTime())
    .map(({ c }) => c);
}
