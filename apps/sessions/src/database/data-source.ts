import { AuditPatientScope1796376891754 } from '../migrations/1796376891754-audit-patient-scope.js';
import { AuditPurgeFunction1796300100000, AuditTrail1796300000000 } from '@chairside/audit';
import { RuntimeRole1796300200000 } from '../migrations/1796300200000-runtime-role.js';
import { OwnerRole1797030000000 } from '../migrations/1797030000000-owner-role.js';
import { type DatabaseConfig, ownerDatabaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import { IdempotencyKey } from '@chairside/platform';
import type { DataSourceOptions } from 'typeorm';
import { DirectoryChair, DirectoryLocation, DirectoryNurse, DirectoryTherapySetting } from '../directory/directory.entities.js';
import {
  Session,
  SessionStepErrorRecord,
  SessionStepRecord,
  VitalSignsErrorRecord,
  VitalSignsRecord,
} from '../sessions/session.entity.js';
import { Sessions1764231100000 } from '../migrations/1764231100000-sessions.js';
import { DirectoryTables1796192200000 } from '../migrations/1796192200000-directory-tables.js';
import { ClinicalCorrections1796306394884 } from '../migrations/1796306394884-clinical-corrections.js';
import { SessionsIdempotencyKeys1797235000000 } from '../migrations/1797235000000-idempotency-keys.js';
import { VitalsCount1797250000000 } from '../migrations/1797250000000-vitals-count.js';

export const sessionsEntities = [
  OutboxMessage,
  InboxMessage,
  IdempotencyKey,
  Session,
  SessionStepRecord,
  VitalSignsRecord,
  SessionStepErrorRecord,
  VitalSignsErrorRecord,
  DirectoryLocation,
  DirectoryChair,
  DirectoryNurse,
  DirectoryTherapySetting,
];
export const sessionsMigrations = [
  MessagingTables1764230400000,
  Sessions1764231100000,
  DirectoryTables1796192200000,
  AuditTrail1796300000000,
  AuditPurgeFunction1796300100000,
  RuntimeRole1796300200000,
  ClinicalCorrections1796306394884,
  AuditPatientScope1796376891754,
  OwnerRole1797030000000,
  SessionsIdempotencyKeys1797235000000,
  VitalsCount1797250000000,
];

/** From the service's parsed configuration (startService reads it once at boot). */
export function sessionsDataSource(database: DatabaseConfig): DataSourceOptions {
  return serviceDataSourceOptions({
    service: 'sessions',
    config: database,
    entities: sessionsEntities,
    migrations: sessionsMigrations,
  });
}

/** From an environment's DATABASE_* variables, validated, as the owner role: for scripts (infra/dev/migrate.mjs) and tests. */
export function sessionsDataSourceOptions(env: Record<string, string | undefined>): DataSourceOptions {
  return sessionsDataSource(ownerDatabaseConfigFromEnv('sessions', env));
}
