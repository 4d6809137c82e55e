import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';

/**
 * The dispatcher's "now". In production the wall clock; with NOTIFICATIONS_ADJUSTABLE_CLOCK=true
 * (tests and the demo) it can be moved forward (PUT /test/clock) so a reminder 72 hours away
 * fires now. It never runs backwards.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;
  readonly adjustable: boolean;

  constructor(@Inject(SERVICE_CONFIG) config: NotificationsConfig) {
    this.adjustable = config.NOTIFICATIONS_ADJUSTABLE_CLOCK;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  moveTo(instant: Date): void {
    if (!this.adjustable) throw new Error('the clock is not adjustable');
    this.offsetMs = Math.max(this.offsetMs, instant.getTime() - Date.now());
  }
}
