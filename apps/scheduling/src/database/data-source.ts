import { databaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import type { DataSourceOptions } from 'typeorm';
import { Chair } from '../locations/chair.entity.js';
import { Location } from '../locations/location.entity.js';
import { LocationsAndChairs1764230500000 } from '../migrations/1764230500000-locations-and-chairs.js';

export const schedulingEntities = [OutboxMessage, InboxMessage, Location, Chair];
export const schedulingMigrations = [MessagingTables1764230400000, LocationsAndChairs1764230500000];

export function schedulingDataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  return serviceDataSourceOptions({ service: 'scheduling', config: databaseConfigFromEnv('scheduling', env), entities: schedulingEntities, migrations: schedulingMigrations });
}
