import { z } from 'zod';

/**
 * Where a service's database lives. Every service has its own database on the same server
 * by default (chairside_<service>); DATABASE_NAME overrides it, e.g. for tests.
 */
export interface DatabaseConfig {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  poolSize: number;
}

/** The DATABASE_* variables: a fragment each service's configuration schema is composed of. */
export function databaseConfigSchema(service: string) {
  return z.object({
    DATABASE_HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_PORT: z.coerce.number().int().min(1).max(65535).default(5432),
    // The administrator (the operator's role, superuser or CREATEROLE + CREATEDB): `npm run migrate`
    // connects as it only to create the service's roles and database, then hands them to the owner.
    DATABASE_USER: z.string().min(1).default('postgres'),
    DATABASE_PASSWORD: z.string().optional(),
    // The owner of the service's database and schema: migrations and maintenance scripts
    // (reporting:rebuild) connect as it. No superuser, CREATEDB or CREATEROLE; no access elsewhere.
    DATABASE_OWNER_USER: z.string().min(1).default(`chairside_${service}_owner`),
    DATABASE_OWNER_PASSWORD: z.string().optional(),
    // What the service's process connects as: a role without ownership, which its migrations grant
    // the service's tables (append-only ones without UPDATE/DELETE). A login of another name works
    // when it is a member of chairside_<service> (GRANT chairside_<service> TO it).
    DATABASE_RUNTIME_USER: z.string().min(1).default(`chairside_${service}`),
    DATABASE_RUNTIME_PASSWORD: z.string().optional(),
    // Interpolated into CREATE/DROP DATABASE by scripts and tests: an identifier, nothing else.
    DATABASE_NAME: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case identifier')
      .default(`chairside_${service}`),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).default(10),
  });
}
export type DatabaseSettings = z.output<ReturnType<typeof databaseConfigSchema>>;

/** The administrator's connection: creating and dropping databases and roles (npm run migrate, tests). */
export function databaseConfig(
  settings: Pick<
    DatabaseSettings,
    'DATABASE_HOST' | 'DATABASE_PORT' | 'DATABASE_USER' | 'DATABASE_PASSWORD' | 'DATABASE_NAME' | 'DATABASE_POOL_SIZE'
  >,
): DatabaseConfig {
  return {
    host: settings.DATABASE_HOST,
    port: settings.DATABASE_PORT,
    user: settings.DATABASE_USER,
    password: settings.DATABASE_PASSWORD || undefined,
    database: settings.DATABASE_NAME,
    poolSize: settings.DATABASE_POOL_SIZE,
  };
}

/** The owner's connection: migrations and maintenance scripts (npm run reporting:rebuild). */
export function ownerDatabaseConfig(
  settings: Omit<DatabaseSettings, 'DATABASE_RUNTIME_USER' | 'DATABASE_RUNTIME_PASSWORD'>,
): DatabaseConfig {
  return {
    ...databaseConfig(settings),
    user: settings.DATABASE_OWNER_USER,
    password: settings.DATABASE_OWNER_PASSWORD || undefined,
  };
}

/** What the service's process connects with: the runtime role, not the owner. */
export function runtimeDatabaseConfig(settings: DatabaseSettings): DatabaseConfig {
  return {
    ...databaseConfig(settings),
    user: settings.DATABASE_RUNTIME_USER,
    password: settings.DATABASE_RUNTIME_PASSWORD || undefined,
  };
}

/** For scripts and tests that hold an environment rather than a service's parsed configuration. */
export function databaseConfigFromEnv(service: string, env: Record<string, string | undefined>): DatabaseConfig {
  return databaseConfig(databaseSettingsFromEnv(service, env));
}

/** The owner's connection, from an environment: what the migrations run as. */
export function ownerDatabaseConfigFromEnv(service: string, env: Record<string, string | undefined>): DatabaseConfig {
  return ownerDatabaseConfig(databaseSettingsFromEnv(service, env));
}

/** The service's two roles (names and passwords) from an environment, for provisionServiceDatabase. */
export function serviceRolesFromEnv(
  service: string,
  env: Record<string, string | undefined>,
): { owner: { user: string; password: string | undefined }; runtime: { user: string; password: string | undefined } } {
  const settings = databaseSettingsFromEnv(service, env);
  return {
    owner: { user: settings.DATABASE_OWNER_USER, password: settings.DATABASE_OWNER_PASSWORD || undefined },
    runtime: { user: settings.DATABASE_RUNTIME_USER, password: settings.DATABASE_RUNTIME_PASSWORD || undefined },
  };
}

/** The runtime role's connection, from an environment (npm run migrate sets its password; tests connect as it). */
export function runtimeDatabaseConfigFromEnv(service: string, env: Record<string, string | undefined>): DatabaseConfig {
  return runtimeDatabaseConfig(databaseSettingsFromEnv(service, env));
}

function databaseSettingsFromEnv(service: string, env: Record<string, string | undefined>): DatabaseSettings {
  const result = databaseConfigSchema(service).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `${name}="${name.includes('PASSWORD') ? '***' : env[name]}" is invalid: ${issue.message}`;
    });
    throw new Error(`Invalid database configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return result.data;
}
