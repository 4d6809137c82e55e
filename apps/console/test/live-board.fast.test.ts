import type { BoardSession, ComposedDayBoard, LiveEvent } from '../web/src/screens/today/board.js';
import { applyLiveEvent } from '../web/src/screens/today/live-board.js';

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
