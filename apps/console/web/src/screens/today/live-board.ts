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

/** A read of one board, from when it began (the journal's position then). */
export interface JournalRead {
  readonly board: string;
  readonly from: number;
}

/**
 * Whether a board read already has everything a live stream that begins at `position` would have
 * told: the read began at that same position in the back end, so no event of the location arrived
 * between the two and the board need not be read again when the stream connects.
 */
export function readAtStreamStart(data: ComposedDayBoard | undefined, position: string | undefined): boolean {
  return data?.livePosition !== undefined && data.livePosition === position;
}

/**
 * The live events a board's reads in flight may not have seen. The answer of a read may be from
 * before or after an event that arrives while it is in flight; reading again after each such event
 * would keep a busy board always behind. Instead the event is applied at once to what is shown and
 * recorded here, and replayed, in arrival order, onto the read's answer when it comes: applying a
 * step the answer already has changes nothing (a status, a flag, a projected end are set, not
 * added), so no event is lost and none counts twice. Pure bookkeeping; `read-board.ts` holds the
 * console's journal and wraps the board's reads in it.
 */
export class LiveJournal {
  private position = 0;
  private readonly reads = new Map<string, Set<JournalRead>>();
  private readonly events = new Map<string, Array<{ at: number; event: LiveEvent }>>();

  /** A read of `board` (a query key as a string) begins. */
  begin(board: string): JournalRead {
    const read = { board, from: this.position };
    const open = this.reads.get(board) ?? new Set<JournalRead>();
    open.add(read);
    this.reads.set(board, open);
    return read;
  }

  /** Whether a read of `board` is in flight (an event now may be missing from its answer). */
  reading(board: string): boolean {
    return (this.reads.get(board)?.size ?? 0) > 0;
  }

  /** Keeps an event applied to what `board` shows while a read of it is in flight (else nothing to keep). */
  record(board: string, event: LiveEvent): void {
    if (!this.reading(board)) return;
    const kept = this.events.get(board) ?? [];
    kept.push({ at: this.position++, event });
    this.events.set(board, kept);
  }

  /** The read's answer with the events recorded since it began replayed onto it, in order; the read is over. */
  settle(read: JournalRead, answer: ComposedDayBoard): ComposedDayBoard {
    let data = answer;
    for (const { at, event } of this.events.get(read.board) ?? []) if (at >= read.from) data = applyLiveEvent(data, event).data;
    this.end(read);
    return data;
  }

  /** The read is over (answered, failed or cancelled): events no read in flight needs are forgotten. */
  end(read: JournalRead): void {
    const open = this.reads.get(read.board);
    open?.delete(read);
    if (!open || open.size === 0) {
      this.reads.delete(read.board);
      this.events.delete(read.board);
      return;
    }
    const oldest = Math.min(...[...open].map((r) => r.from));
    this.events.set(
      read.board,
      (this.events.get(read.board) ?? []).filter((e) => e.at >= oldest),
    );
  }

  /** How many events are kept for `board` (for tests: the journal does not grow without reads). */
  kept(board: string): number {
    return this.events.get(board)?.length ?? 0;
  }
}
