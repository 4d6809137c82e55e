import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import {
  JOIN_SETTLE_MS,
  ReceivedEvents,
  type ReceivingChange,
  ReceivingWatch,
  SERVICES_CATCH_UP_MS,
  toLiveEvent,
} from './live-hub.js';

const location = randomUUID();
const appointment = randomUUID();
const event = (type: string, data: Record<string, unknown>) =>
  Buffer.from(JSON.stringify({ type, locationid: location, time: '2026-12-02T10:00:00.000Z', data }));

describe('what a live event tells the browser', () => {
  it('a booking: the ids and times a bar needs, no names', () => {
    const live = toLiveEvent(
      event('chairside.scheduling.appointment.booked.v1', {
        appointmentId: appointment,
        locationId: location,
        patientId: 'p',
        therapyCode: 'hydration',
        chairId: 'c',
        nurseId: 'n',
        startsAt: '2026-12-02T10:00:00Z',
        endsAt: '2026-12-02T11:00:00Z',
        timeZone: 'Europe/Madrid',
        localStart: '2026-12-02T11:00:00',
      }),
    );
    expect(live).toEqual({
      name: 'scheduling.appointment.booked',
      locationId: location,
      appointmentId: appointment,
      occurredAt: '2026-12-02T10:00:00.000Z',
      bar: {
        patientId: 'p',
        therapyCode: 'hydration',
        chairId: 'c',
        nurseId: 'n',
        startsAt: '2026-12-02T10:00:00Z',
        endsAt: '2026-12-02T11:00:00Z',
      },
    });
  });

  it('a booking of a therapy the organisation defined: its id, so the bar names it from the catalog', () => {
    const therapyId = randomUUID();
    const live = toLiveEvent(
      event('chairside.scheduling.appointment.booked.v1', {
        appointmentId: appointment,
        locationId: location,
        patientId: 'p',
        therapyCode: 'hydration',
        chairId: 'c',
        nurseId: 'n',
        startsAt: '2026-12-02T10:00:00Z',
        endsAt: '2026-12-02T11:00:00Z',
        therapy: { therapyId, code: 'saline-loading', name: 'Saline loading', preparation: {} },
      }),
    );
    expect(live?.bar).toEqual({
      patientId: 'p',
      therapyCode: 'hydration',
      therapyId,
      chairId: 'c',
      nurseId: 'n',
      startsAt: '2026-12-02T10:00:00Z',
      endsAt: '2026-12-02T11:00:00Z',
    });
  });

  it('a check-in: the status it leads to and the planned start that places it on a day, no names', () => {
    const live = toLiveEvent(
      event('chairside.sessions.session.checked-in.v1', {
        appointmentId: appointment,
        patientId: 'p',
        lateMinutes: 3,
        plannedStartsAt: '2026-12-02T09:57:00.000Z',
      }),
    );
    expect(live).toEqual({
      name: 'sessions.session.checked-in',
      locationId: location,
      appointmentId: appointment,
      occurredAt: '2026-12-02T10:00:00.000Z',
      session: { status: 'arrived', plannedStartsAt: '2026-12-02T09:57:00.000Z' },
    });
  });

  it('a step the bar cannot take from the event alone: only which appointment changed', () => {
    const live = toLiveEvent(event('chairside.sessions.session.drug-ready.v1', { appointmentId: appointment, patientId: 'p' }));
    expect(live).toEqual({
      name: 'sessions.session.drug-ready',
      locationId: location,
      appointmentId: appointment,
      occurredAt: '2026-12-02T10:00:00.000Z',
    });
  });

  it('a step entered in error: the status sessions reports after it; scheduling’s arrival: an echo', () => {
    expect(
      toLiveEvent(
        event('chairside.sessions.session.step-entered-in-error.v1', { appointmentId: appointment, sessionStatus: 'expected' }),
      )?.session,
    ).toEqual({ status: 'expected' });
    expect(toLiveEvent(event('chairside.scheduling.appointment.arrived.v1', { appointmentId: appointment }))?.echo).toBe(true);
  });

  it('ignores what is not an event of one location and appointment', () => {
    expect(toLiveEvent(null)).toBeUndefined();
    expect(toLiveEvent(Buffer.from('not json'))).toBeUndefined();
    expect(toLiveEvent(Buffer.from(JSON.stringify({ type: 'chairside.x.y.v1', data: {} })))).toBeUndefined();
  });
});

describe("where a location's live events stand (a board read and a stream that began at the same position saw the same events)", () => {
  const [home, other] = [randomUUID(), randomUUID()];
  const clock = () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    return { now: () => now, pass: (ms: number) => (now += ms) };
  };
  const receivingFor = (ms: number) => {
    const time = clock();
    const received = new ReceivedEvents(time.now);
    received.joined();
    received.fetched();
    time.pass(ms);
    return { received, time };
  };

  it('moves with each event of the location only', () => {
    const { received } = receivingFor(JOIN_SETTLE_MS);
    const atRead = received.position(home);
    expect(received.position(home)).toBe(atRead);
    received.received(other);
    expect(received.position(home)).toBe(atRead);
    received.received(home);
    expect(received.position(home)).not.toBe(atRead);
    expect(received.position(home)).toBe(received.position(home));
  });

  it('matches nothing while the consumer is not receiving: before it joins, just after, after a crash; a join starts a new epoch', () => {
    const time = clock();
    const received = new ReceivedEvents(time.now);
    // Not joined yet: events may be going by unseen.
    expect(received.position(home)).not.toBe(received.position(home));
    received.joined();
    time.pass(JOIN_SETTLE_MS);
    // Joined, but the latest offsets are looked up at the first fetch: not receiving until it comes back.
    expect(received.position(home)).not.toBe(received.position(home));
    received.fetched();
    time.pass(JOIN_SETTLE_MS - 1);
    // Just after: an event produced meanwhile may be neither counted nor streamed.
    expect(received.position(home)).not.toBe(received.position(home));
    time.pass(1);
    const settled = received.position(home);
    expect(received.position(home)).toBe(settled);
    received.notReceiving();
    expect(received.position(home)).not.toBe(received.position(home));
    received.joined();
    received.fetched();
    // Later fetches do not restart the settling time.
    time.pass(JOIN_SETTLE_MS);
    received.fetched();
    // A new epoch: no position of before the gap is current.
    expect(received.position(home)).toBe(received.position(home));
    expect(received.position(home)).not.toBe(settled);
  });

  it("a scheduling event (which sessions' board takes in on its own) leaves the location unsettled for a while", () => {
    const { received, time } = receivingFor(JOIN_SETTLE_MS);
    received.received(home, SERVICES_CATCH_UP_MS);
    expect(received.position(home)).not.toBe(received.position(home));
    // Another location is not affected.
    expect(received.position(other)).toBe(received.position(other));
    time.pass(SERVICES_CATCH_UP_MS);
    expect(received.position(home)).toBe(received.position(home));
  });
});

describe('whether the hub receives every event (what open streams are told of its own gaps)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const watching = () => {
    const watch = new ReceivingWatch();
    const said: ReceivingChange[] = [];
    watch.changes.subscribe((change) => said.push(change));
    return { watch, said };
  };

  it('resumed once a join has settled, the first join included; paused once per gap', () => {
    const { watch, said } = watching();
    watch.joined();
    watch.firstFetch();
    // Not in a gap while the process first joins: nothing was received before.
    expect(watch.isPaused).toBe(false);
    jest.advanceTimersByTime(JOIN_SETTLE_MS);
    expect(said).toEqual([]);
    expect(watch.isReceiving).toBe(false);
    jest.advanceTimersByTime(1);
    expect(said).toEqual(['resumed']);
    expect(watch.isReceiving).toBe(true);
    // A crash, then the disconnect it causes: one gap.
    watch.stopped();
    watch.stopped();
    expect(said).toEqual(['resumed', 'paused']);
    expect(watch.isPaused).toBe(true);
    expect(watch.isReceiving).toBe(false);
    watch.joined();
    watch.firstFetch();
    jest.advanceTimersByTime(JOIN_SETTLE_MS + 1);
    expect(said).toEqual(['resumed', 'paused', 'resumed']);
    expect(watch.isPaused).toBe(false);
  });

  it('a join that stops or joins again before it settles says nothing of it; the later one settles', () => {
    const { watch, said } = watching();
    watch.joined();
    watch.firstFetch();
    jest.advanceTimersByTime(JOIN_SETTLE_MS / 2);
    // Stopped before it was resumed: nothing to say paused about.
    watch.stopped();
    jest.advanceTimersByTime(JOIN_SETTLE_MS);
    expect(said).toEqual([]);
    watch.joined();
    watch.firstFetch();
    jest.advanceTimersByTime(JOIN_SETTLE_MS / 2);
    watch.joined();
    watch.firstFetch();
    jest.advanceTimersByTime(JOIN_SETTLE_MS / 2);
    expect(said).toEqual([]);
    jest.advanceTimersByTime(JOIN_SETTLE_MS / 2 + 1);
    expect(said).toEqual(['resumed']);
  });

  it('a rejoin without a stop before it is a gap too (a new epoch: events may have gone by)', () => {
    const { watch, said } = watching();
    watch.joined();
    watch.firstFetch();
    jest.advanceTimersByTime(JOIN_SETTLE_MS + 1);
    watch.joined();
    expect(said).toEqual(['resumed', 'paused']);
    expect(watch.isPaused).toBe(true);
    watch.firstFetch();
    jest.advanceTimersByTime(JOIN_SETTLE_MS + 1);
    expect(said).toEqual(['resumed', 'paused', 'resumed']);
  });

  it('says nothing once closed (the process stops)', () => {
    const { watch, said } = watching();
    watch.joined();
    watch.firstFetch();
    watch.close();
    jest.advanceTimersByTime(JOIN_SETTLE_MS + 1);
    expect(said).toEqual([]);
  });
});
