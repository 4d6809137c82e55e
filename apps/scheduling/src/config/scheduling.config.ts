import { z } from 'zod';
import { serviceConfigSchema } from '@chairside/runtime';

/** Scheduling's configuration: every service's variables plus its own. Read once at boot. */
export const schedulingConfigSchema = serviceConfigSchema('scheduling').extend({
  /** How often lapsed holds are released (they keep their chair until swept). */
  HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1).default(10_000),
  /** How long a waitlisted patient has to take an offered slot (a hold). */
  WAITLIST_OFFER_MINUTES: z.coerce.number().int().min(1).max(10_080).default(120),
  /**
   * Bookings rehearsed on an invented center (nothing written) after the pool's connections are
   * opened and before /health/ready says 200, so the first requests meet compiled code; 0: none.
   */
  WARM_UP_ROUNDS: z.coerce.number().int().min(0).max(5_000).default(300),
});
export type SchedulingConfig = z.output<typeof schedulingConfigSchema>;
