import { localDate } from '../../time/zoned.js';
import type { BoardSession, ComposedDayBoard, LiveEvent } from './board.js';

/**
 * What a live event did to one day's board:
 * - `applied`: the bar changed from the event itself (no read of the board);
 * - `ignored`: nothing on this board to change (another location or day, an echo);
 * - `read-again`: the event cannot be applied here (an appointment the board does not know, a step
 *   whose effect needs the session's whole state): the board is read again, once for a burst.
 */
export type LiveOutcome = 'applied' | 'ignored' | 'read-again';

/** The steps a status takes (sessions' state machine, guards aside: sessions still refuses what its guards refuse). */
const NEXT_BY_STATUS: Record<string, string[]> = {
  expected: ['check-in', 'drug-ready', 'cancel', 'no-show'],
  arrived: ['seat', 'drug-ready', 'record-vitals'],
  in_chair: ['establish-access', 'drug-ready', 'start', 'stop', 'record-vitals', 'record-reaction', 'record-medication'],
  infusing: ['pause', 'change-rate', 'complete', 'stop', 'record-vitals', 'record-reaction', 'record-medication'],
  paused: ['resume', 'establish-access', 'stop', 'record-vitals', 'record-reaction', 'record-medication'],
  observation: ['discharge', 'record-vitals', 'record-reaction', 'record-medication'],
  stopped: ['discharge', 'record-vitals', 'record-reaction', 'record-medication'],
  discharged: [],
  no_show: [],
  cancelled: [],
};
/** Flags that follow from the status alone (sessions' board sets them from it). */
const STATUS_FLAGS = new Set(['waiting-for-chair', 'waiting-for-drug', 'not-arrived']);
const ENDED = new Set(['discharged', 'no_show', 'cancelled']);

/**
 * The board after a live event, when the event carries what the bar shows; pure, so the screen only
 * puts the result in its cache. A booking is not applied here (its bar is announced until the
 * board, with the patient's name, is read again).
 */
export function applyLiveEvent(data: ComposedDayBoard, event: LiveEvent): { data: ComposedDayBoard; outcome: LiveOutcome } {
  const unchanged = (outcome: LiveOutcome) => ({ data, outcome });
  if (event.locationId !== data.board.locationId || event.echo) return unchanged('ignored');
  const change = event.session;
  // A session of another day (its planned start says so) is not this board's.
  if (change?.plannedStartsAt && localDate(new Date(change.plannedStartsAt), data.board.timeZone) !== data.board.date)
    return unchanged('ignored');
  const index = data.board.sessions.findIndex((s) => s.appointmentId === event.appointmentId);
  if (!change || index < 0) return unchanged('read-again');
  const before = data.board.sessions[index]!;
  const after: BoardSession = { ...before };
  if (change.status && change.status !== before.status) {
    after.status = change.status;
    after.allowedNext = NEXT_BY_STATUS[change.status] ?? [];
    after.flags = before.flags.filter((f) => !STATUS_FLAGS.has(f) && !(ENDED.has(change.status!) && f === 'running-late'));
    if (change.status === 'arrived') after.flags.push('waiting-for-chair');
    // Just seated, access is not yet established: sessions' guard refuses the start until it is.
    // (Whether the drug is ready is not in the event: 'waiting-for-drug' comes with the board's next read.)
    if (change.status === 'in_chair' && before.status === 'arrived')
      after.allowedNext = after.allowedNext.filter((k) => k !== 'start');
  }
  if (change.flag && !after.flags.includes(change.flag)) after.flags = [...after.flags, change.flag];
  if (change.projectedEndsAt) {
    after.projectedEndsAt = change.projectedEndsAt;
    after.minutesLate = Math.max(0, Math.round((Date.parse(change.projectedEndsAt) - Date.parse(before.plannedEndsAt)) / 60_000));
    if (after.minutesLate > 0 && !after.flags.includes('running-late')) after.flags = [...after.flags, 'running-late'];
  }
  const sessions = [...data.board.sessions];
  sessions[index] = after;
  return { data: { ...data, board: { ...data.board, sessions } }, outcome: 'applied' };
}
