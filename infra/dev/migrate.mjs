// Creates each service's database if needed and applies its TypeORM migrations.
//   node infra/dev/migrate.mjs [--check-drift] [service…]
// --check-drift also fails when the entities and the migrations disagree (CI runs it).
// The administrator (DATABASE_USER) only creates each service's roles and database; the migrations run
// as the service's owner role (DATABASE_OWNER_USER, chairside_<service>_owner), and the services connect
// as their runtime roles (DATABASE_RUNTIME_USER, chairside_<service>).
// Needs built code (npm run build). DATABASE_* variables apply to every service;
// <SERVICE>_DATABASE_NAME overrides one service's database name.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import {
  databaseConfigFromEnv,
  dropDatabase,
  pendingSchemaChanges,
  provisionServiceDatabase,
  runMigrations,
  serviceRolesFromEnv,
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
    // Roles (with DATABASE_OWNER_PASSWORD / DATABASE_RUNTIME_PASSWORD when given) and the database,
    // owned by the owner role: the only step that needs the administrator.
    const roles = serviceRolesFromEnv(service.name, serviceEnvironment);
    if (await provisionServiceDatabase(config, roles))
      log(`[migrate] created database ${config.database} (owner ${roles.owner.user})`);
    const options = (await service.dataSource())(serviceEnvironment);
    const dataSource = new DataSource({ ...options, logging: false });
    await dataSource.initialize();
    try {
      // As the owner role: the migrations also grant the runtime role the service's tables.
      const applied = await runMigrations(dataSource);
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
