import type { AuthSettings } from '../auth/auth.types.js';
import { DEV_JWT_SECRET } from '../auth/dev-auth.js';
import { baseConfigSchema, loadConfig } from './load-config.js';

/** The services' AUTH_JWT_* variables, with the public development secret when none is set. */
const devAuthSchema = baseConfigSchema
  .pick({ AUTH_JWT_ISSUER: true, AUTH_JWT_AUDIENCE: true })
  .extend({ AUTH_JWT_SECRET: baseConfigSchema.shape.AUTH_JWT_SECRET.default(DEV_JWT_SECRET) });

/** Token settings for development tools (npm run token, the simulator, tests): `env` defaults to the process's. */
export function devAuthSettings(env?: Record<string, string | undefined>): AuthSettings {
  const config = loadConfig(devAuthSchema, env);
  return { secret: config.AUTH_JWT_SECRET, issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE };
}
