import { z } from 'zod';
import { DEV_IDENTITY_PORT, DEV_MACHINE_CLIENT_SECRET, loadConfig } from '@chairside/platform';

/** The local provider's settings; it exists for development and tests only. */
export const identityConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  IDENTITY_HOST: z.string().default('127.0.0.1'),
  IDENTITY_PORT: z.coerce.number().int().min(0).max(65535).default(DEV_IDENTITY_PORT),
  /** Defaults to http://IDENTITY_HOST:IDENTITY_PORT. */
  IDENTITY_ISSUER: z.url().optional(),
  /** Signing keys and cookie keys (default `.data/identity/`). */
  IDENTITY_DATA_DIR: z.string().optional(),
  /** Demo users (default apps/identity/demo-users.json). */
  IDENTITY_USERS_FILE: z.string().optional(),
  /** Where `name:<location>` grants in the users file are looked up at sign-in. */
  SCHEDULING_URL: z.url().default('http://127.0.0.1:3001'),
  /** Where the console's back end (BFF) receives the authorization code. */
  IDENTITY_CONSOLE_REDIRECT_URIS: z
    .string()
    .default('http://127.0.0.1:3010/auth/callback,http://localhost:3010/auth/callback')
    .transform((s) => s.split(',').filter(Boolean)),
  IDENTITY_CONSOLE_SECRET: z.string().min(16).default('chairside-console-development-secret'),
  IDENTITY_MACHINE_SECRET: z.string().min(16).default(DEV_MACHINE_CLIENT_SECRET),
});

export type IdentityConfig = z.output<typeof identityConfigSchema>;

export function identityConfig(env: Record<string, string | undefined> = process.env): IdentityConfig {
  return loadConfig(identityConfigSchema, env);
}
