import { z } from 'zod';
import { serviceConfigSchema } from '@chairside/runtime';

/** Sessions' configuration: every service's variables plus its own. Read once at boot. */
export const sessionsConfigSchema = serviceConfigSchema('sessions').extend({
  /** How often overruns and overdue vitals are looked for. */
  SESSION_WATCH_INTERVAL_MS: z.coerce.number().int().min(1).default(30_000),
  /** How late vital signs may be before `vitals.overdue`. */
  VITALS_OVERDUE_GRACE_MINUTES: z.coerce.number().int().min(0).default(5),
  /** Vitals statements in flight at once (vitals arriving meanwhile share the next). */
  VITALS_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Tests and the demo only: lets PUT /test/clock move the session watch's clock forward. */
  SESSIONS_ADJUSTABLE_CLOCK: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
});
export type SessionsConfig = z.output<typeof sessionsConfigSchema>;
