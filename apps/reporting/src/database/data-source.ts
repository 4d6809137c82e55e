import { AuditTrail1796300000000 } from '@chairside/audit';
import { databaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import type { DataSourceOptions } from 'typeorm';
import { DirectoryChair, DirectoryLocation } from '../location-directory/location-directory.entities.js';
import { LocationDirectory1764230600000 } from '../migrations/1764230600000-location-directory.js';
import { VisitFacts1764231400000 } from '../migrations/1764231400000-visit-facts.js';
import { LocationHours1764231500000 } from '../migrations/1764231500000-location-hours.js';
import { VisitNurse1764231700000 } from '../migrations/1764231700000-visit-nurse.js';
import { MessageFact, ReactionFact, VisitFact } from '../visits/visit-facts.entities.js';

export const reportingEntities = [
  OutboxMessage,
  InboxMessage,
  DirectoryLocation,
  DirectoryChair,
  VisitFact,
  ReactionFact,
  MessageFact,
];
export const reportingMigrations = [
  MessagingTables1764230400000,
  LocationDirectory1764230600000,
  VisitFacts1764231400000,
  LocationHours1764231500000,
  VisitNurse1764231700000,
  AuditTrail1796300000000,
];

export function reportingDataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  return serviceDataSourceOptions({
    service: 'reporting',
    config: databaseConfigFromEnv('reporting', env),
    entities: reportingEntities,
    migrations: reportingMigrations,
  });
}
