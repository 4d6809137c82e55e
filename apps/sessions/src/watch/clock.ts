import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { SessionsConfig } from '../config/sessions.config.js';

/**
 * The session watch's "now". In production the wall clock; with SESSIONS_ADJUSTABLE_CLOCK=true
 * (tests and the demo; refused with NODE_ENV=production) an organisation's admin can move their
 * own organisation's clock forward (PUT /test/clock) so a session booked for later in the week
 * overruns now. Every other organisation keeps the wall clock. It never runs backwards. Steps
 * recorded at the chair keep the wall clock: only what changes with time alone follows this one.
 */
@Injectable()
export class Clock {
  private readonly offsets = new Map<string, number>();
  readonly adjustable: boolean;

  constructor(@Inject(SERVICE_CONFIG) config: SessionsConfig) {
    this.adjustable = config.SESSIONS_ADJUSTABLE_CLOCK;
  }

  /** Now for one organisation (the wall clock unless its admin moved it), or the wall clock. */
  now(organisationId?: string): Date {
    return new Date(Date.now() + (organisationId ? (this.offsets.get(organisationId) ?? 0) : 0));
  }

  /** Organisations whose clock was moved; empty in production. */
  shifted(): string[] {
    return [...this.offsets.keys()];
  }

  moveTo(organisationId: string, instant: Date): void {
    if (!this.adjustable) throw new Error('the clock is not adjustable');
    this.offsets.set(organisationId, Math.max(this.offsets.get(organisationId) ?? 0, instant.getTime() - Date.now()));
  }
}
