import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { Response } from 'express';
import { Subject } from 'rxjs';
import type { LocationGrant, Role } from '@chairside/domain';
import { ProblemException } from '@chairside/platform';
import type { ConsoleConfig } from '../config/console.config.js';
import type { ShellLocation, VisibleLocationsQuery } from '../shell/visible-locations.query.js';
import { type ConsoleSession, SessionStore } from '../sign-in/session.store.js';
import type { LiveEvent, LiveHub, ReceivingChange } from './live-hub.js';
import { HEARTBEAT_MS, LiveStreams } from './live-streams.js';

const IDLE_MINUTES = 30;
const home = randomUUID();
const other = randomUUID();

/** What an Express response does for a stream: headers, chunks, and `close` once it ends. */
class FakeResponse extends EventEmitter {
  statusCode = 0;
  readonly headers = new Map<string, string>();
  readonly chunks: string[] = [];
  ended = false;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string): this {
    this.headers.set(name, value);
    return this;
  }
  flushHeaders(): void {}
  write(chunk: string): boolean {
    if (this.ended) throw new Error('written after the end');
    this.chunks.push(chunk);
    return true;
  }
  end(): this {
    this.ended = true;
    this.emit('close');
    return this;
  }
  /** The browser goes away. */
  leave(): void {
    this.emit('close');
  }
  get text(): string {
    return this.chunks.join('');
  }
  /** The server-sent events' names, in order. */
  get events(): string[] {
    return [...this.text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]!);
  }
}

function setUp({ maxStreams = 10, maxSessions = 100 } = {}) {
  const config = {
    CONSOLE_SESSION_IDLE_MINUTES: IDLE_MINUTES,
    CONSOLE_MAX_SESSIONS: maxSessions,
    CONSOLE_MAX_STREAMS: maxStreams,
  } as ConsoleConfig;
  const events = new Subject<LiveEvent>();
  const receiving = new Subject<ReceivingChange>();
  let epoch = 'epoch';
  let paused = false;
  receiving.subscribe((change) => (paused = change === 'paused'));
  const hub = {
    stream: events.asObservable(),
    receivingChanges: receiving.asObservable(),
    get isPaused() {
      return paused;
    },
    position: (locationId: string) => `${epoch}:${locationId}`,
  } as LiveHub;
  const joinedAgain = (next: string) => (epoch = next);
  // The organisation has both centers; the grant decides which the user may follow.
  const visible = jest.fn(async (_session: ConsoleSession): Promise<ShellLocation[]> => [
    { id: home, name: 'Home', timeZone: 'Europe/Madrid' },
  ]);
  const locations = { execute: visible } as unknown as VisibleLocationsQuery;
  const store = new SessionStore(config);
  const streams = new LiveStreams(hub, locations, store, config);
  const signIn = (roles: Role[], grant: LocationGrant = [home]) =>
    store.create({
      user: { sub: randomUUID(), org: 'org', roles, locations: grant, name: 'Someone', username: 'someone' },
      accessToken: 'token',
      accessTokenExpiresAt: Date.now() + 3_600_000,
    });
  const follow = async (session: ConsoleSession, locationId = home) => {
    const res = new FakeResponse();
    await streams.follow(session, locationId, res as unknown as Response);
    return res;
  };
  const refusal = async (session: ConsoleSession, locationId = home) => {
    const res = new FakeResponse();
    const outcome = await streams.follow(session, locationId, res as unknown as Response).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(ProblemException);
    expect(res.chunks).toEqual([]);
    return (outcome as ProblemException).problem;
  };
  const change = (locationId = home): LiveEvent => ({
    name: 'sessions.session.checked-in',
    locationId,
    appointmentId: randomUUID(),
    occurredAt: new Date().toISOString(),
  });
  return { store, streams, events, receiving, joinedAgain, visible, signIn, follow, refusal, change };
}

describe('live streams: for the roles that work the board, for as long as the session lasts', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it.each<Role>(['charge-nurse', 'scheduler', 'nurse', 'admin'])(
    '%s: follows their location, ready then the changes of that location only',
    async (role) => {
      const { signIn, follow, events, change, streams } = setUp();
      const res = await follow(signIn([role]));
      expect(res.statusCode).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const mine = change();
      events.next(change(other));
      events.next(mine);
      expect(res.events).toEqual(['ready', 'change']);
      // Where the stream begins among the location's events: a board read that began there is current.
      expect(res.text).toContain(`event: ready\ndata: ${JSON.stringify({ locationId: home, position: `epoch:${home}` })}\n\n`);
      expect(res.text).toContain(mine.appointmentId);
      expect(streams.count).toBe(1);
    },
  );

  it.each<Role>(['analyst', 'manager', 'privacy-officer'])(
    '%s: refused (403 problem), even for a location of their grant, before the services are asked',
    async (role) => {
      const { signIn, refusal, visible, streams } = setUp();
      expect(await refusal(signIn([role], '*'))).toMatchObject({ status: 403, type: '/problems/forbidden' });
      expect(visible).not.toHaveBeenCalled();
      expect(streams.count).toBe(0);
    },
  );

  it('a gap in the hub’s own consumer is passed on: paused, then ready at the new join’s position, to every open stream still allowed', async () => {
    const { store, signIn, follow, events, receiving, joinedAgain, change } = setUp();
    const session = signIn(['charge-nurse']);
    const res = await follow(session);
    const gone = signIn(['nurse']);
    const ended = await follow(gone);
    store.delete(gone.id);
    receiving.next('paused');
    expect(res.events).toEqual(['ready', 'paused']);
    // A stream opened during the gap is told at once.
    const during = await follow(signIn(['scheduler']));
    expect(during.events).toEqual(['ready', 'paused']);
    // Back: the new position, which no board read of before the gap matches, so the browser reads the board again.
    joinedAgain('epoch-2');
    receiving.next('resumed');
    events.next(change());
    expect(res.events).toEqual(['ready', 'paused', 'ready', 'change']);
    expect(res.text).toContain(`event: ready\ndata: ${JSON.stringify({ locationId: home, position: `epoch-2:${home}` })}\n\n`);
    // A stream whose session ended hears nothing of it.
    expect(ended.events).toEqual(['ready', 'ended']);
    // Nor one past its idle limit: it ends instead.
    jest.setSystemTime(Date.now() + IDLE_MINUTES * 60_000 + 1);
    receiving.next('paused');
    expect(res.events).toEqual(['ready', 'paused', 'ready', 'change', 'ended']);
  });

  it('a board role with a reporting role too follows (any role that works the board will do)', async () => {
    const { signIn, follow } = setUp();
    expect((await follow(signIn(['analyst', 'nurse']))).events).toEqual(['ready']);
  });

  it('another location is refused: outside the grant, or not the organisation’s', async () => {
    const { signIn, refusal, streams } = setUp();
    expect(await refusal(signIn(['charge-nurse'], [home]), other)).toMatchObject({ status: 403 });
    // Granted everywhere, but the services do not list it: not one of the organisation's.
    expect(await refusal(signIn(['admin'], '*'), other)).toMatchObject({ status: 403 });
    expect(streams.count).toBe(0);
  });

  it('signing out ends the stream at once, saying so, and nothing more is written', async () => {
    const { store, signIn, follow, events, change, streams } = setUp();
    const session = signIn(['nurse']);
    const res = await follow(session);
    store.delete(session.id);
    expect(res.ended).toBe(true);
    expect(res.events).toEqual(['ready', 'ended']);
    expect(res.text).toContain('{"reason":"signed-out"}');
    expect(streams.count).toBe(0);
    events.next(change());
    jest.advanceTimersByTime(HEARTBEAT_MS * 2);
    expect(res.events).toEqual(['ready', 'ended']);
  });

  it('a session pushed out of the store by newer ones ends its stream', async () => {
    const { signIn, follow, streams } = setUp({ maxSessions: 2 });
    const first = signIn(['scheduler']);
    const second = signIn(['scheduler']);
    const one = await follow(first);
    const two = await follow(second);
    signIn(['scheduler']);
    expect(one.ended).toBe(true);
    expect(one.text).toContain('{"reason":"evicted"}');
    expect(two.ended).toBe(false);
    expect(streams.count).toBe(1);
  });

  it('an idle session ends its stream at the next heartbeat: the open stream is not a use', async () => {
    const { store, signIn, follow, streams } = setUp();
    const session = signIn(['charge-nurse']);
    const res = await follow(session);
    jest.advanceTimersByTime(IDLE_MINUTES * 60_000 - HEARTBEAT_MS);
    expect(res.ended).toBe(false);
    expect(res.text).toContain(': keep-alive');
    jest.advanceTimersByTime(2 * HEARTBEAT_MS);
    expect(res.ended).toBe(true);
    expect(res.text).toContain('{"reason":"idle"}');
    expect(streams.count).toBe(0);
    expect(store.find(session.id)).toBeUndefined();
  });

  it('an idle session’s stream ends at its next event too, without passing the event on', async () => {
    const { signIn, follow, events, change } = setUp();
    const res = await follow(signIn(['charge-nurse']));
    // Past the idle limit between two heartbeats: the event comes before the next heartbeat.
    jest.setSystemTime(Date.now() + IDLE_MINUTES * 60_000 + 1);
    const late = change();
    events.next(late);
    expect(res.ended).toBe(true);
    expect(res.events).toEqual(['ready', 'ended']);
    expect(res.text).not.toContain(late.appointmentId);
  });

  it('a session in use (other requests) keeps its stream open past the idle limit', async () => {
    const { store, signIn, follow } = setUp();
    const session = signIn(['nurse']);
    const res = await follow(session);
    for (let minute = 0; minute < IDLE_MINUTES * 2; minute += 10) {
      jest.advanceTimersByTime(10 * 60_000);
      expect(store.find(session.id)).toBeDefined();
    }
    expect(res.ended).toBe(false);
  });

  it('a refreshed grant that no longer covers the location ends the stream at its next event', async () => {
    const { signIn, follow, events, change } = setUp();
    const session = signIn(['nurse']);
    const res = await follow(session);
    session.user = { ...session.user, locations: [other] };
    events.next(change());
    expect(res.ended).toBe(true);
    expect(res.text).toContain('{"reason":"not-allowed"}');
  });

  it('refuses a stream beyond the maximum (503 problem) until one closes', async () => {
    const { signIn, follow, refusal, streams } = setUp({ maxStreams: 2 });
    const session = signIn(['scheduler']);
    const first = await follow(session);
    await follow(session);
    expect(await refusal(session)).toMatchObject({ status: 503, type: '/problems/too-many-streams' });
    first.leave();
    expect(streams.count).toBe(1);
    expect((await follow(session)).statusCode).toBe(200);
  });

  it('a browser that leaves releases its stream once, and the session’s end later changes nothing', async () => {
    const { store, signIn, follow, events, change, streams } = setUp();
    const session = signIn(['admin']);
    const res = await follow(session);
    res.leave();
    res.leave();
    expect(streams.count).toBe(0);
    store.delete(session.id);
    events.next(change());
    jest.advanceTimersByTime(HEARTBEAT_MS);
    expect(res.events).toEqual(['ready']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a session that ended while its location was being checked gets a stream that ends at once', async () => {
    const { store, signIn, visible, follow, streams } = setUp();
    const session = signIn(['nurse']);
    visible.mockImplementationOnce(async () => {
      store.delete(session.id);
      return [{ id: home, name: 'Home', timeZone: 'Europe/Madrid' }];
    });
    const res = await follow(session);
    expect(res.events).toEqual(['ready', 'ended']);
    expect(streams.count).toBe(0);
  });
});
