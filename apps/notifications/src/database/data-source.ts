import { AuditTrail1796300000000 } from '@chairside/audit';
import { databaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import type { DataSourceOptions } from 'typeorm';
import {
  AppointmentCopy,
  Contact,
  KnownLocation,
  KnownTherapySetting,
  SmsOptOut,
  SmsReply,
} from '../contacts/contact.entities.js';
import { Message, NotificationSettings } from '../messages/message.entity.js';
import { Notifications1764231300000 } from '../migrations/1764231300000-notifications.js';
import { AppointmentZone1764231600000 } from '../migrations/1764231600000-appointment-zone.js';

export const notificationsEntities = [
  OutboxMessage,
  InboxMessage,
  Contact,
  KnownLocation,
  KnownTherapySetting,
  AppointmentCopy,
  Message,
  NotificationSettings,
  SmsOptOut,
  SmsReply,
];
export const notificationsMigrations = [
  MessagingTables1764230400000,
  Notifications1764231300000,
  AppointmentZone1764231600000,
  AuditTrail1796300000000,
];

export function notificationsDataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  return serviceDataSourceOptions({
    service: 'notifications',
    config: databaseConfigFromEnv('notifications', env),
    entities: notificationsEntities,
    migrations: notificationsMigrations,
  });
}
