import type { DataSourceOptions } from 'typeorm';
import { freePort } from './http.js';
import { startServiceProcess, type ServiceProcess, type StartServiceOptions } from './service-process.js';
import { createMigratedDatabase, type TestDatabase } from './test-databases.js';

export interface ServiceOnOwnDatabase {
  db: TestDatabase;
  service: ServiceProcess;
  /** Stops the process, then drops its database. */
  stop(): Promise<void>;
}

export interface OwnDatabaseOptions {
  service: StartServiceOptions['service'];
  runId: string;
  /** Names the database `<runId>_<role>` and the consumer group `<runId>-<role>`; the service's name by default. */
  role?: string;
  dataSourceOptions: (env: NodeJS.ProcessEnv) => DataSourceOptions;
  env?: Record<string, string>;
  /** A free port chosen beforehand, when the service's own URL goes into its env (e.g. a webhook URL); any free one otherwise. */
  port?: number;
}

/**
 * A service's process on a freshly migrated database and a consumer group of its own, as an
 * integration test starts the service it tests (a second one with another role replays from
 * offset 0 into an empty database).
 */
export async function startOnOwnDatabase(options: OwnDatabaseOptions): Promise<ServiceOnOwnDatabase> {
  const role = options.role ?? options.service;
  const db = await createMigratedDatabase(options.service, `${options.runId}_${role}`, options.dataSourceOptions);
  try {
    const service = await startServiceProcess({
      service: options.service,
      port: options.port ?? (await freePort()),
      env: { DATABASE_NAME: db.name, KAFKA_CONSUMER_GROUP: `${options.runId}-${role}`, ...options.env },
    });
    return { db, service, stop: () => stopAndDrop(service, db) };
  } catch (error) {
    await db.drop();
    throw error;
  }
}

/** For `afterAll`: either may be missing when `beforeAll` failed part way. */
export async function stopAndDrop(service: ServiceProcess | undefined, db: TestDatabase | undefined): Promise<void> {
  await service?.stop();
  await db?.drop();
}
