import type { BoardSession, ComposedDayBoard, LiveEvent } from '../web/src/screens/today/board.js';
import { applyLiveEvent, LiveJournal, readAtStreamStart } from '../web/src/screens/today/live-board.js';

// A live session event applied to the Today board's cached state, without reading the board again.

const location = '0b6f7a7e-0000-4000-8000-000000000001';
const session = (appointmentId: string, status: string): BoardSession => ({
  appointmentId,
  patientId: 'p',
  therapyCode: 'hydration',
  chairId: 'c',
  nurseId: 'n',
  status,
  plannedStartsAt: '2026-12-03T09:00:00.000Z',
  plannedEndsAt: '2026-12-03T10:00:00.000Z',
  projectedEndsAt: '2026-12-03T10:00:00.000Z',
  minutesLate: 0,
  flags: status === 'expected' ? ['not-arrived'] : [],
  allowedNext: ['check-in', 'drug-ready', 'cancel', 'no-show'],
});
const board: ComposedDayBoard = {
  location: { id: location, name: 'Center', timeZone: 'Europe/Madrid' },
  board: {
    locationId: location,
    date: '2026-12-03',
    timeZone: 'Europe/Madrid',
    chairs: [],
    nurses: [],
    sessions: [session('a', 'expected'), session('b', 'infusing')],
  },
  patients: { p: { givenName: 'Ana', familyName: 'Ruiz' } },
  patientsTruncated: false,
};
const checkIn = (appointmentId: string, plannedStartsAt = '2026-12-03T09:00:00.000Z'): LiveEvent => ({
  name: 'sessions.session.checked-in',
  locationId: location,
  appointmentId,
  occurredAt: '2026-12-03T09:02:00.000Z',
  session: { status: 'arrived', plannedStartsAt },
});

describe('a live event on the Today board', () => {
  it('a check-in: the bar is arrived, waiting for a chair, with the steps of an arrival; the rest unchanged', () => {
    const { data, outcome } = applyLiveEvent(board, checkIn('a'));
    expect(outcome).toBe('applied');
    expect(data.board.sessions[0]).toMatchObject({
      status: 'arrived',
      flags: ['waiting-for-chair'],
      allowedNext: ['seat', 'drug-ready', 'record-vitals'],
    });
    expect(data.board.sessions[1]).toBe(board.board.sessions[1]);
    expect(data.patients).toBe(board.patients);
    // The cached board itself is not changed (the query cache gets a new object).
    expect(board.board.sessions[0]!.status).toBe('expected');
  });

  it('a reaction raises its flag, a projected overrun moves the end and flags the bar late', () => {
    const reaction = applyLiveEvent(board, {
      name: 'sessions.reaction.recorded',
      locationId: location,
      appointmentId: 'b',
      occurredAt: '2026-12-03T09:30:00.000Z',
      session: { flag: 'reaction' },
    });
    expect(reaction.outcome).toBe('applied');
    expect(reaction.data.board.sessions[1]).toMatchObject({ status: 'infusing', flags: ['reaction'] });
    const overrun = applyLiveEvent(board, {
      name: 'sessions.session.overrun-projected',
      locationId: location,
      appointmentId: 'b',
      occurredAt: '2026-12-03T09:30:00.000Z',
      session: { projectedEndsAt: '2026-12-03T10:20:00.000Z' },
    });
    expect(overrun.data.board.sessions[1]).toMatchObject({
      projectedEndsAt: '2026-12-03T10:20:00.000Z',
      minutesLate: 20,
      flags: ['running-late'],
    });
  });

  it('an appointment the board does not know, or a step the event cannot describe: read the board again', () => {
    const unknown = applyLiveEvent(board, checkIn('z'));
    expect(unknown.outcome).toBe('read-again');
    expect(unknown.data).toBe(board);
    const drugReady = applyLiveEvent(board, {
      name: 'sessions.session.drug-ready',
      locationId: location,
      appointmentId: 'a',
      occurredAt: '2026-12-03T09:00:00.000Z',
    });
    expect(drugReady).toEqual({ data: board, outcome: 'read-again' });
  });

  it('ignores an event of another day, of another location, and scheduling’s echo of a step', () => {
    // 23:30 UTC on the 3rd is already the 4th in Madrid.
    expect(applyLiveEvent(board, checkIn('z', '2026-12-03T23:30:00.000Z'))).toEqual({ data: board, outcome: 'ignored' });
    expect(applyLiveEvent(board, { ...checkIn('a'), locationId: 'elsewhere' })).toEqual({ data: board, outcome: 'ignored' });
    expect(
      applyLiveEvent(board, {
        name: 'scheduling.appointment.arrived',
        locationId: location,
        appointmentId: 'a',
        occurredAt: '2026-12-03T09:02:00.000Z',
        echo: true,
      }),
    ).toEqual({ data: board, outcome: 'ignored' });
  });
});

describe('live events while the board is being read (the journal)', () => {
  const key = '["board","center","2026-12-03"]';
  const seat = (appointmentId: string): LiveEvent => ({
    name: 'sessions.session.seated',
    locationId: location,
    appointmentId,
    occurredAt: '2026-12-03T09:05:00.000Z',
    session: { status: 'in_chair' },
  });
  const reaction = (appointmentId: string): LiveEvent => ({
    name: 'sessions.reaction.recorded',
    locationId: location,
    appointmentId,
    occurredAt: '2026-12-03T09:30:00.000Z',
    session: { flag: 'reaction' },
  });

  it('an event during a read is replayed onto an answer from before it: not lost', () => {
    const journal = new LiveJournal();
    const read = journal.begin(key);
    expect(journal.reading(key)).toBe(true);
    journal.record(key, checkIn('a'));
    // The answer was read before the check-in.
    const shown = journal.settle(read, board);
    expect(shown.board.sessions[0]).toMatchObject({ status: 'arrived', flags: ['waiting-for-chair'] });
    expect(journal.reading(key)).toBe(false);
    expect(journal.kept(key)).toBe(0);
  });

  it('an answer from after the event is not changed twice, and events are replayed in their order', () => {
    const journal = new LiveJournal();
    const read = journal.begin(key);
    journal.record(key, checkIn('a'));
    journal.record(key, reaction('b'));
    journal.record(key, reaction('b'));
    journal.record(key, seat('a'));
    // The answer already has the check-in and the reaction (read after them), not the seating.
    const after = applyLiveEvent(applyLiveEvent(board, checkIn('a')).data, reaction('b')).data;
    const shown = journal.settle(read, after);
    // Seated after arriving (order kept: the check-in replayed after the seating would say arrived).
    expect(shown.board.sessions[0]).toMatchObject({ status: 'in_chair', flags: [] });
    expect(shown.board.sessions[0]!.allowedNext).not.toContain('start');
    // One reaction flag, though the event came twice and the answer had it.
    expect(shown.board.sessions[1]!.flags).toEqual(['reaction']);
  });

  it('a read replays only what came after it began; events with no read in flight are not kept', () => {
    const journal = new LiveJournal();
    journal.record(key, checkIn('a'));
    expect(journal.kept(key)).toBe(0);
    const first = journal.begin(key);
    journal.record(key, checkIn('a'));
    const second = journal.begin(key);
    journal.record(key, reaction('b'));
    // The second read began after the check-in: its answer has it (or a later state), it gets only the reaction.
    const secondShown = journal.settle(second, board);
    expect(secondShown.board.sessions[0]!.status).toBe('expected');
    expect(secondShown.board.sessions[1]!.flags).toEqual(['reaction']);
    // The first read is still in flight: both events are kept for it.
    expect(journal.kept(key)).toBe(2);
    const firstShown = journal.settle(first, board);
    expect(firstShown.board.sessions[0]!.status).toBe('arrived');
    expect(firstShown.board.sessions[1]!.flags).toEqual(['reaction']);
    expect(journal.kept(key)).toBe(0);
  });

  it('a failed or cancelled read ends too; another board’s read keeps its own events', () => {
    const journal = new LiveJournal();
    const other = '["board","center","2026-12-04"]';
    const failed = journal.begin(key);
    const elsewhere = journal.begin(other);
    journal.record(key, checkIn('a'));
    journal.end(failed);
    expect(journal.reading(key)).toBe(false);
    expect(journal.kept(key)).toBe(0);
    expect(journal.kept(other)).toBe(0);
    journal.record(other, seat('a'));
    expect(journal.settle(elsewhere, board).board.sessions[0]!.status).toBe('in_chair');
  });
});

describe('the live stream connects: the board is read again unless its read began where the stream begins', () => {
  it('the same position: current; another, none, or no board: read again', () => {
    const read = { ...board, livePosition: 'epoch-1:4' };
    expect(readAtStreamStart(read, 'epoch-1:4')).toBe(true);
    // An event of the location arrived between the read and the stream.
    expect(readAtStreamStart(read, 'epoch-1:5')).toBe(false);
    // Another back end (or the same after a reconnection to Kafka) counts from another epoch.
    expect(readAtStreamStart(read, 'epoch-2:4')).toBe(false);
    // A back end that does not say (an older one), or a board not read yet.
    expect(readAtStreamStart(read, undefined)).toBe(false);
    expect(readAtStreamStart(board, undefined)).toBe(false);
    expect(readAtStreamStart(undefined, 'epoch-1:4')).toBe(false);
    // A live event applied to the board keeps the read's position (the stream told it).
    expect(readAtStreamStart(applyLiveEvent(read, checkIn('a')).data, 'epoch-1:4')).toBe(true);
  });
});
