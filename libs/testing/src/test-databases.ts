import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import {
  databaseConfigFromEnv,
  dropDatabase,
  ownerDatabaseConfigFromEnv,
  provisionServiceDatabase,
  runMigrations,
  runtimeDatabaseConfigFromEnv,
  serviceRolesFromEnv,
  type DatabaseConfig,
} from '@chairside/database';

/** A short random prefix so each test file gets its own databases and consumer groups. */
export function testRunId(label: string): string {
  return `t_${label}_${randomBytes(3).toString('hex')}`.toLowerCase();
}

export interface TestDatabase {
  name: string;
  /** The administrator's connection (DATABASE_USER): tests read and arrange through it, and drop with it. */
  config: DatabaseConfig;
  /** The service's owner role on this database: what its migrations ran as. */
  ownerConfig: DatabaseConfig;
  /** The service's runtime role on this database: what the service's process connects as. */
  runtimeConfig: DatabaseConfig;
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** Creates a fresh database and applies the service's migrations to it, as `npm run migrate` does. */
export async function createMigratedDatabase(
  service: string,
  name: string,
  optionsFor: (env: NodeJS.ProcessEnv) => DataSourceOptions,
): Promise<TestDatabase> {
  const env = { ...process.env, DATABASE_NAME: name };
  const config = databaseConfigFromEnv(service, env);
  const ownerConfig = ownerDatabaseConfigFromEnv(service, env);
  const runtimeConfig = runtimeDatabaseConfigFromEnv(service, env);
  await provisionServiceDatabase(config, serviceRolesFromEnv(service, env));
  // optionsFor connects as the owner role (the data sources' *DataSourceOptions), as npm run migrate does.
  const dataSource = new DataSource({ ...optionsFor(env), logging: false });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  const pool = new pg.Pool({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: name,
    max: 2,
  });
  return {
    name,
    config,
    ownerConfig,
    runtimeConfig,
    query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    drop: async () => {
      await pool.end();
      await dropDatabase(config);
    },
  };
}
