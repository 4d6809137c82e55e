import { AuditTrail1796300000000 } from '@chairside/audit';
import { databaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import type { DataSourceOptions } from 'typeorm';
import { KnownChair, KnownLocation, KnownNurse, KnownTherapySetting } from '../directory/directory.entities.js';
import { Session, SessionStepRecord, VitalSignsRecord } from '../sessions/session.entity.js';
import { Sessions1764231100000 } from '../migrations/1764231100000-sessions.js';

export const sessionsEntities = [
  OutboxMessage,
  InboxMessage,
  Session,
  SessionStepRecord,
  VitalSignsRecord,
  KnownLocation,
  KnownChair,
  KnownNurse,
  KnownTherapySetting,
];
export const sessionsMigrations = [MessagingTables1764230400000, Sessions1764231100000, AuditTrail1796300000000];

export function sessionsDataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  return serviceDataSourceOptions({
    service: 'sessions',
    config: databaseConfigFromEnv('sessions', env),
    entities: sessionsEntities,
    migrations: sessionsMigrations,
  });
}
