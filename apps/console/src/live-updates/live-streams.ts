import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { HttpStatus } from '@nestjs/common';
import { mayActAt } from '@chairside/domain';
import { ProblemException, problemType } from '@chairside/platform';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console.config.js';
import type { ConsoleSession } from '../sign-in/session.store.js';
import { VisibleLocationsQuery } from '../shell/visible-locations.query.js';
import { LiveHub } from './live-hub.js';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent event streams of one location's live events, for users whose grant covers it and
 * whose organisation has it (checked with the services, for the user's own token). Bounded in
 * number; each ends with the session or the browser.
 */
@Injectable()
export class LiveStreams {
  private open = 0;

  constructor(
    @Inject(LiveHub) private readonly hub: LiveHub,
    @Inject(VisibleLocationsQuery) private readonly locations: VisibleLocationsQuery,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  get count(): number {
    return this.open;
  }

  async follow(session: ConsoleSession, locationId: string, res: Response): Promise<void> {
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
    res.write(`event: ready\ndata: ${JSON.stringify({ locationId })}\n\n`);
    const subscription = this.hub.stream.subscribe((event) => {
      if (event.locationId !== locationId) return;
      res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(`: keep-alive\n\n`), HEARTBEAT_MS);
    res.on('close', () => {
      this.open--;
      clearInterval(heartbeat);
      subscription.unsubscribe();
    });
  }
}
