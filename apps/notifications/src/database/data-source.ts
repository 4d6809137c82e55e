import { databaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import type { DataSourceOptions } from 'typeorm';
import {
  DirectoryAppointment,
  DirectoryContact,
  DirectoryLocation,
  DirectoryTherapySetting,
} from '../directory/directory.entities.js';
import { Message } from '../messages/message.entity.js';
import { SmsOptOut } from '../opt-out/sms-opt-out.entity.js';
import { NotificationSettings } from '../reminders/reminder-settings.entity.js';
import { SmsReply } from '../replies/sms-reply.entity.js';
import { Notifications1764231300000 } from '../migrations/1764231300000-notifications.js';
import { AppointmentZone1764231600000 } from '../migrations/1764231600000-appointment-zone.js';
import { DirectoryTables1796192200000 } from '../migrations/1796192200000-directory-tables.js';

export const notificationsEntities = [
  OutboxMessage,
  InboxMessage,
  DirectoryContact,
  DirectoryLocation,
  DirectoryTherapySetting,
  DirectoryAppointment,
  Message,
  NotificationSettings,
  SmsOptOut,
  SmsReply,
];
export const notificationsMigrations = [
  MessagingTables1764230400000,
  Notifications1764231300000,
  AppointmentZone1764231600000,
  DirectoryTables1796192200000,
];

export function notificationsDataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  return serviceDataSourceOptions({
    service: 'notifications',
    config: databaseConfigFromEnv('notifications', env),
    entities: notificationsEntities,
    migrations: notificationsMigrations,
  });
}
