import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import type { DatabaseConfig } from './config/database.config.js';

export interface ServiceDataSourceOptions {
  config: DatabaseConfig;
  service: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  const { config } = options;
  return {
    type: 'postgres',
    host: config.host,
    port: config.port,
    username: config.user,
    ...(config.password !== undefined ? { password: config.password } : {}),
    database: config.database,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    // Schemas change through migrations only; see infra/dev/migrate.mjs and `npm run db:check`.
    synchronize: false,
    migrationsRun: false,
    // TypeORM's own error log prints query parameters (patient data); errors are logged by the
    // services through pino, which drops parameters (libs/platform logger).
    logging: false,
    applicationName: `chairside-${options.service}`,
    poolSize: config.poolSize,
    extra: {
      // Fail fast when PostgreSQL is down instead of hanging a request; callers retry.
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    },
  };
}

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(options));
}
