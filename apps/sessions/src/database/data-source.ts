import { databaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import type { DataSourceOptions } from 'typeorm';

export const sessionsEntities = [OutboxMessage, InboxMessage];
export const sessionsMigrations = [MessagingTables1764230400000];

export function sessionsDataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  return serviceDataSourceOptions({ service: 'sessions', config: databaseConfigFromEnv('sessions', env), entities: sessionsEntities, migrations: sessionsMigrations });
}
