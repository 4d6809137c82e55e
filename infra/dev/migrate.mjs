// Creates each service's database if needed and applies its TypeORM migrations.
//   node infra/dev/migrate.mjs [--check-drift] [service…]
// --check-drift also fails when the entities and the migrations disagree (CI runs it).
// Runs as the owner (DATABASE_USER); the services connect as their runtime roles (DATABASE_RUNTIME_USER).
// Needs built code (npm run build). DATABASE_* variables apply to every service;
// <SERVICE>_DATABASE_NAME overrides one service's database name.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import {
  databaseConfigFromEnv,
  dropDatabase,
  ensureDatabase,
  pendingSchemaChanges,
  runMigrations,
  runtimeDatabaseConfigFromEnv,
  setRuntimePassword,
} from '../../libs/database/dist/index.js';
import { loadServices } from './services.mjs';

export function serviceEnv(service, env = process.env) {
  const override = env[`${service.toUpperCase()}_DATABASE_NAME`];
  // <SERVICE>_KAFKA_CONSUMER_GROUP: a run beside `npm start` (the supervision test) keeps its groups apart.
  const group = env[`${service.toUpperCase()}_KAFKA_CONSUMER_GROUP`];
  return {
    ...env,
    DATABASE_NAME: override ?? (env.DATABASE_NAME_PREFIX ? `${env.DATABASE_NAME_PREFIX}_${service}` : `chairside_${service}`),
    ...(group ? { KAFKA_CONSUMER_GROUP: group } : {}),
  };
}

/** `npm start -- --fresh`: drops every service's database, so the next migrate starts them empty. */
export async function dropServiceDatabases({ env = process.env, log = console.log } = {}) {
  for (const service of await loadServices()) {
    const config = databaseConfigFromEnv(service.name, serviceEnv(service.name, env));
    await dropDatabase(config);
    log(`[migrate] dropped database ${config.database}`);
  }
}

export async function migrate({ checkDrift = false, only = [], env = process.env, log = console.log } = {}) {
  let drift = 0;
  for (const service of (await loadServices()).filter((s) => !only.length || only.includes(s.name))) {
    const serviceEnvironment = serviceEnv(service.name, env);
    const config = databaseConfigFromEnv(service.name, serviceEnvironment);
    if (await ensureDatabase(config)) log(`[migrate] created database ${config.database}`);
    const options = (await service.dataSource())(serviceEnvironment);
    const dataSource = new DataSource({ ...options, logging: false });
    await dataSource.initialize();
    try {
      const applied = await runMigrations(dataSource);
      // The migrations created the service's runtime role and granted it its tables; where the server
      // asks for passwords (embedded fallback, Docker, managed), it gets DATABASE_RUNTIME_PASSWORD.
      await setRuntimePassword(
        (sql, parameters) => dataSource.query(sql, parameters),
        runtimeDatabaseConfigFromEnv(service.name, serviceEnvironment),
      );
      log(`[migrate] ${service.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'} (${config.database})`);
      if (checkDrift) {
        const pending = await pendingSchemaChanges(dataSource);
        if (pending.length) {
          drift++;
          console.error(
            `[migrate] ${service.name}: entities and migrations disagree; a migration is missing for:\n  ${pending.join(';\n  ')}`,
          );
        }
      }
    } finally {
      await dataSource.destroy();
    }
  }
  if (drift) throw new Error(`${drift} service(s) have schema drift`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  migrate({ checkDrift: args.includes('--check-drift'), only: args.filter((a) => !a.startsWith('--')) }).catch((error) => {
    console.error(`[migrate] failed: ${error.message}`);
    process.exit(1);
  });
}
