import { z } from 'zod';
import type { RateLimits } from '../http/rate-limit.js';

const perMinute = z.coerce.number().int().min(1).max(1_000_000_000);

/**
 * What every HTTP API enforces at its edge: rate limits and who may read the API docs and
 * metrics. The defaults suit production; `npm test` and the benchmarks raise the limits (one
 * client sends thousands of requests there), see libs/testing service-process.
 */
export const httpEdgeConfigSchema = z.object({
  /** Per person or machine client (token `sub`): a busy console user makes a few requests a second. */
  RATE_LIMIT_USER_PER_MINUTE: perMinute.default(600),
  RATE_LIMIT_USER_BURST: perMinute.default(120),
  /** Per client address: a hospital's staff may share one NAT address, so well above one user's. */
  RATE_LIMIT_CLIENT_IP_PER_MINUTE: perMinute.default(6_000),
  RATE_LIMIT_CLIENT_IP_BURST: perMinute.default(1_000),
  /** `/docs` (the OpenAPI page and document): `public`, `authenticated` (any valid staff token) or `off` (404). */
  DOCS_ACCESS: z.enum(['public', 'authenticated', 'off']).default('public'),
  /** When set, `/metrics` needs `Authorization: Bearer <METRICS_TOKEN>` (the scraper's secret). */
  METRICS_TOKEN: z.string().min(32, 'a random secret of at least 32 characters').optional(),
});
export type HttpEdgeConfig = z.output<typeof httpEdgeConfigSchema>;

export type DocsAccess = HttpEdgeConfig['DOCS_ACCESS'];

export function rateLimitsFrom(config: HttpEdgeConfig): RateLimits {
  return {
    user: { perMinute: config.RATE_LIMIT_USER_PER_MINUTE, burst: config.RATE_LIMIT_USER_BURST },
    clientIp: { perMinute: config.RATE_LIMIT_CLIENT_IP_PER_MINUTE, burst: config.RATE_LIMIT_CLIENT_IP_BURST },
  };
}
