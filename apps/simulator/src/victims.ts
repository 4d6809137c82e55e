import { DateTime } from 'luxon';
import { MINUTE } from '@chairside/domain';

/** A visit booked (by this run, or adopted from an earlier one) and not reached yet: what an incident can disturb. */
export interface UpcomingVisit {
  appointmentId: string;
  locationId: string;
  chairId: string;
  nurseId: string;
  startsAt: string;
}

/** The held-up session's slip has to pass the next patient's start by this much to be news (sessions' tolerance is 5 min). */
const PAST_THE_NEXT_START_MS = 15 * MINUTE;
/** An overrun is ordered only for a next patient this soon after the planned end: a longer pause is not a demo. */
export const NEXT_PATIENT_WITHIN_MS = 120 * MINUTE;
/**
 * ...and not sooner than this after now: scheduling re-plans only appointments not yet arrived, and a
 * patient may come 25 minutes early; the proposal needs a few (simulated) minutes to be made and applied.
 */
export const NEXT_PATIENT_AFTER_MS = 45 * MINUTE;
const SHORTEST_PAUSE_MINUTES = 20;
const LONGEST_PAUSE_MINUTES = 180;

/**
 * The visit a sick call or a chair outage should disturb: one on the day the center's Today board
 * shows (its real local date; at ×30 the simulated clock is hours ahead), else any of them.
 * `ahead` is sorted by start; `pick` chooses among the candidates.
 */
export function chooseDisturbed<T extends UpcomingVisit>(
  ahead: readonly T[],
  board: { timeZone: string; date: string },
  pick: (candidates: readonly T[]) => T,
): T | undefined {
  if (!ahead.length) return undefined;
  const onBoard = ahead.filter((v) => DateTime.fromISO(v.startsAt, { zone: board.timeZone }).toISODate() === board.date);
  return pick(onBoard.length ? onBoard : ahead);
}

export interface OverrunPlan {
  /** The next patient the overrun will reach: same chair or same nurse, starting soon after the planned end. */
  next: UpcomingVisit;
  /** Simulated minutes the infusion stays paused so that its projected end passes the next patient's start. */
  pauseMinutes: number;
}

/**
 * Whether a session that starts infusing now (simulated) is worth holding up, and for how long.
 * Scheduling marks at risk (and re-plans) the later appointments on the running one's chair or
 * nurse that start between its planned end and its projected end, so the session is held up only
 * when such a patient is booked within two hours of the planned end (and not about to arrive: the
 * re-plan moves only patients not here yet), and long enough for the
 * projection to pass that start. While paused, sessions' watch projects the end as now plus the
 * whole stay (`planned` end minus start: infusion and observation), so the pause has to last
 * until the next start less that stay, plus a margin.
 */
export function planOverrun(
  running: { appointmentId: string; locationId: string; chairId: string; nurseId: string },
  planned: { startsAt: number; endsAt: number },
  upcoming: Iterable<UpcomingVisit>,
  now: number,
): OverrunPlan | undefined {
  let next: UpcomingVisit | undefined;
  for (const v of upcoming) {
    if (v.appointmentId === running.appointmentId || v.locationId !== running.locationId) continue;
    if (v.chairId !== running.chairId && v.nurseId !== running.nurseId) continue;
    const start = Date.parse(v.startsAt);
    if (start < Math.max(planned.endsAt, now + NEXT_PATIENT_AFTER_MS) || start > planned.endsAt + NEXT_PATIENT_WITHIN_MS)
      continue;
    if (!next || start < Date.parse(next.startsAt)) next = v;
  }
  if (!next) return undefined;
  const stay = planned.endsAt - planned.startsAt;
  const resumeAt = Date.parse(next.startsAt) + PAST_THE_NEXT_START_MS - stay;
  const pauseMinutes = Math.min(LONGEST_PAUSE_MINUTES, Math.max(SHORTEST_PAUSE_MINUTES, Math.ceil((resumeAt - now) / MINUTE)));
  return { next, pauseMinutes };
}
