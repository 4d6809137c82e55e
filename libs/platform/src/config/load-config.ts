import { z } from 'zod';

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
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  AUTH_JWT_ISSUER: z.string().default('chairside'),
  AUTH_JWT_AUDIENCE: z.string().default('chairside-api'),
});
export type BaseConfig = z.output<typeof baseConfigSchema>;
