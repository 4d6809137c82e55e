import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';

/**
 * The dispatcher's "now". In production the wall clock; with NOTIFICATIONS_ADJUSTABLE_CLOCK=true
 * (tests and the demo; refused with NODE_ENV=production) an organisation's admin can move their
 * own organisation's clock forward (PUT /test/clock) so a reminder 72 hours away fires now. Every
 * other organisation keeps the wall clock. It never runs backwards.
 */
@Injectable()
export class Clock {
  private readonly offsets = new Map<string, number>();
  readonly adjustable: boolean;

  constructor(@Inject(SERVICE_CONFIG) config: NotificationsConfig) {
    this.adjustable = config.NOTIFICATIONS_ADJUSTABLE_CLOCK;
  }

  /** Now for one organisation (the wall clock unless its admin moved it), or the wall clock. */
  now(organisationId?: string): Date {
    return new Date(Date.now() + (organisationId ? (this.offsets.get(organisationId) ?? 0) : 0));
  }

  /** Organisations whose clock was moved, with how far ahead (ms); empty in production. */
  shifted(): Array<{ organisation_id: string; offset_ms: number }> {
    return [...this.offsets].map(([organisation_id, offset_ms]) => ({ organisation_id, offset_ms }));
  }

  moveTo(organisationId: string, instant: Date): void {
    if (!this.adjustable) throw new Error('the clock is not adjustable');
    this.offsets.set(organisationId, Math.max(this.offsets.get(organisationId) ?? 0, instant.getTime() - Date.now()));
  }
}
