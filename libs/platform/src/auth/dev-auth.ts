import type { AuthSettings } from './auth.types.js';

/** The demo organisation `npm start` seeds. */
export const DEV_ORGANISATION_ID = '00000000-0000-4000-8000-000000000001';

/** The development secret is public by design; production sets AUTH_JWT_SECRET. */
export const DEV_JWT_SECRET = 'chairside-development-secret-not-for-production';

export function devAuthSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  return {
    secret: env.AUTH_JWT_SECRET ?? DEV_JWT_SECRET,
    issuer: env.AUTH_JWT_ISSUER ?? 'chairside',
    audience: env.AUTH_JWT_AUDIENCE ?? 'chairside-api',
  };
}
