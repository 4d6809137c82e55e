import { z } from 'zod';
import { DEV_ISSUER } from '../auth/dev-keys.js';
import { baseConfigSchema, loadConfig } from './load-config.js';

/** What development tools (npm run token) read: the issuer the services trust and where its key is. */
const devTokenSchema = z.object({
  NODE_ENV: baseConfigSchema.shape.NODE_ENV,
  AUTH_OIDC_ISSUER: baseConfigSchema.shape.AUTH_OIDC_ISSUER.default(DEV_ISSUER),
  /** The local identity provider's keys (default `.data/identity/`). */
  IDENTITY_DATA_DIR: z.string().min(1).optional(),
});

export type DevTokenConfig = z.output<typeof devTokenSchema>;

/** Settings of development tokens, from `env` (defaults to the process's). */
export function devTokenConfig(env?: Record<string, string | undefined>): DevTokenConfig {
  return loadConfig(devTokenSchema, env);
}
