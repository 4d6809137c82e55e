import { databaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import type { DataSourceOptions } from 'typeorm';

export const notificationsEntities = [OutboxMessage, InboxMessage];
export const notificationsMigrations = [MessagingTables1764230400000];

export function notificationsDataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  return serviceDataSourceOptions({ service: 'notifications', config: databaseConfigFromEnv('notifications', env), entities: notificationsEntities, migrations: notificationsMigrations });
}
