import { z } from 'zod';
import { ROLES } from '@chairside/domain';
import { TOKEN_ALGORITHMS } from '../auth/auth.types.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is missing or invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates environment variables at boot so a service never starts half-configured.
 * The error names every variable that is missing or wrong, and why.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined> = process.env): z.output<S> {
  // An empty variable (`SMS_STATUS_CALLBACK_URL=` in an env file) means unset: its default applies.
  const result = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      // The variable, also when the issue is inside its parsed value (CHAIRSIDE_FAULT's second point).
      const name = String(issue.path[0] ?? '');
      const value = env[name];
      return value === undefined
        ? `${name} is required (${issue.message})`
        : `${name}="${name.includes('SECRET') || name.includes('PASSWORD') ? '***' : value}" is invalid: ${issue.message}`;
    }),
  );
}

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
export const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/** Settings every service shares; a service extends this with its own. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  /** The OpenID Connect issuer whose access tokens the service accepts (its discovery document names the keys). */
  AUTH_OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be the issuer URL (http(s)://…)' }),
  AUTH_AUDIENCE: z.string().min(1).default('chairside-api'),
  AUTH_ALGORITHMS: csv.pipe(z.array(z.enum(TOKEN_ALGORITHMS)).min(1)).default([...TOKEN_ALGORITHMS]),
  AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
  AUTH_JWKS_CACHE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  AUTH_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** `provider-name=chairside-role` pairs, comma-separated (e.g. `Chairside.Scheduler=scheduler`). */
  AUTH_ROLE_MAP: csv
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[^=]+=[a-z-]+$/, 'each entry is name=role')
          .refine((pair) => (ROLES as readonly string[]).includes(pair.split('=')[1]!), `roles are ${ROLES.join(', ')}`),
      ),
    )
    .transform((pairs) => Object.fromEntries(pairs.map((p) => p.split('=') as [string, (typeof ROLES)[number]])))
    .default({}),
  AUTH_ORGANISATION_CLAIM: z.string().min(1).default('org'),
  /** The one organisation this issuer's users belong to, when its tokens carry none (e.g. Entra ID). */
  AUTH_ORGANISATION_ID: z.uuid().optional(),
  AUTH_LOCATIONS_CLAIM: z.string().min(1).default('locations'),
  /** Only claim values with this prefix grant a location, prefix removed (Entra groups named by a rule). */
  AUTH_LOCATION_PREFIX: z.string().min(1).optional(),
});
export type BaseConfig = z.output<typeof baseConfigSchema>;
