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

export function databaseConfigFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const port = Number(env.DATABASE_PORT ?? 5432);
  const poolSize = Number(env.DATABASE_POOL_SIZE ?? 10);
  const problems: string[] = [];
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    problems.push(`DATABASE_PORT must be a TCP port, got "${env.DATABASE_PORT}"`);
  if (!Number.isInteger(poolSize) || poolSize < 1)
    problems.push(`DATABASE_POOL_SIZE must be a positive integer, got "${env.DATABASE_POOL_SIZE}"`);
  const database = env.DATABASE_NAME ?? `chairside_${service}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database))
    problems.push(`DATABASE_NAME must be a lower-case identifier, got "${database}"`);
  if (problems.length) throw new Error(`Invalid database configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    host: env.DATABASE_HOST ?? '127.0.0.1',
    port,
    user: env.DATABASE_USER ?? 'postgres',
    password: env.DATABASE_PASSWORD || undefined,
    database,
    poolSize,
  };
}
