import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Subscription } from 'rxjs';
import { mayActAt, type Role } from '@chairside/domain';
import { ProblemException, problemType } from '@chairside/platform';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console.config.js';
import { type ConsoleSession, type SessionEnd, SessionStore } from '../sign-in/session.store.js';
import { VisibleLocationsQuery } from '../shell/visible-locations.query.js';
import { LiveHub } from './live-hub.js';

export const HEARTBEAT_MS = 15_000;

/**
 * The roles that work a location's board (Today, Chairside, Book: web/src/shell/screens.ts). The
 * others read reports or the audit trail: a stream of the floor's moments is none of theirs.
 */
export const LIVE_ROLES: readonly Role[] = ['charge-nurse', 'scheduler', 'nurse', 'admin'];

const mayFollowBoards = (session: ConsoleSession) => session.user.roles.some((r) => LIVE_ROLES.includes(r));

/**
 * Server-sent event streams of one location's live events, for users of a role that works the
 * board whose grant covers the location and whose organisation has it (checked with the services,
 * for the user's own token). Bounded in number. Each ends with the browser, or with the session:
 * at once when it is signed out or pushed out, and at the next event or heartbeat when it has been
 * idle too long (the stream itself is not a use) or its refreshed grant no longer allows it.
 */
@Injectable()
export class LiveStreams {
  private open = 0;

  constructor(
    @Inject(LiveHub) private readonly hub: LiveHub,
    @Inject(VisibleLocationsQuery) private readonly locations: VisibleLocationsQuery,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  get count(): number {
    return this.open;
  }

  async follow(session: ConsoleSession, locationId: string, res: Response): Promise<void> {
    if (!mayFollowBoards(session)) throw ProblemException.forbidden('Live updates are for the roles that work the board.');
    if (
      !mayActAt(session.user.locations, locationId) ||
      !(await this.locations.execute(session)).some((l) => l.id === locationId)
    )
      throw ProblemException.forbidden(`You may not follow location ${locationId}.`);
    if (this.open >= this.config.CONSOLE_MAX_STREAMS)
      throw new ProblemException({
        type: problemType('too-many-streams'),
        title: 'Service Unavailable',
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: 'Too many live streams are open; try again shortly.',
      });
    this.open++;
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 2000\n\n`);
    // The position the stream begins at (taken in the same turn as the subscription below, so no
    // event falls between): a board read that began there needs no read again (ReceivedEvents).
    const ready = () =>
      res.write(`event: ready\ndata: ${JSON.stringify({ locationId, position: this.hub.position(locationId) })}\n\n`);
    ready();
    // Opened (or reconnected) during the hub's gap: said at once, not only to the streams open when it began.
    if (this.hub.isPaused) res.write(`event: paused\ndata: {}\n\n`);

    // Everything the stream holds, released once: by the browser leaving or by the session's end.
    const held = new Subscription();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.open--;
      held.unsubscribe();
    };
    res.on('close', close);
    // Said before closing, so the browser knows why; its reconnection then meets the sign-in (401).
    const endWith = (reason: SessionEnd | 'not-allowed') => {
      if (closed) return;
      res.write(`event: ended\ndata: ${JSON.stringify({ reason })}\n\n`);
      close();
      res.end();
    };
    // Checked before anything is written: the session may have gone idle (or its refreshed grant
    // changed) since the last event.
    const stillAllowed = (): boolean => {
      if (!this.sessions.isActive(session.id)) endWith('idle');
      else if (!mayFollowBoards(session) || !mayActAt(session.user.locations, locationId)) endWith('not-allowed');
      return !closed;
    };
    held.add(
      this.hub.stream.subscribe((event) => {
        if (event.locationId !== locationId || !stillAllowed()) return;
        res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
      }),
    );
    // The hub itself missed events (its consumer crashed, lost the broker or rebalanced): the browser
    // hears `paused` (it says so, the board may be behind), then `ready` at a position of the new join,
    // which no board read before it matches, so the board is read again and what went by is shown.
    held.add(
      this.hub.receivingChanges.subscribe((change) => {
        if (!stillAllowed()) return;
        if (change === 'paused') res.write(`event: paused\ndata: {}\n\n`);
        else ready();
      }),
    );
    const heartbeat = setInterval(() => {
      if (stillAllowed()) res.write(`: keep-alive\n\n`);
    }, HEARTBEAT_MS);
    held.add(() => clearInterval(heartbeat));
    held.add(this.sessions.ended(session.id).subscribe((reason) => endWith(reason)));
  }
}
