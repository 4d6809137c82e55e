import { AuditPatientScope1796376891776 } from '../migrations/1796376891776-audit-patient-scope.js';
import { AuditPurgeFunction1796300100000, AuditTrail1796300000000 } from '@chairside/audit';
import { RuntimeRole1796300200000 } from '../migrations/1796300200000-runtime-role.js';
import { OwnerRole1797030000000 } from '../migrations/1797030000000-owner-role.js';
import { type DatabaseConfig, ownerDatabaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
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
import { AppointmentReference } from '../messages/appointment-reference.entity.js';
import { PendingCancellation } from '../replies/pending-cancellation.entity.js';
import { WebhookReceipt } from '../replies/webhook-receipt.entity.js';
import { Notifications1764231300000 } from '../migrations/1764231300000-notifications.js';
import { AppointmentZone1764231600000 } from '../migrations/1764231600000-appointment-zone.js';
import { DirectoryTables1796192200000 } from '../migrations/1796192200000-directory-tables.js';
import { ReplyReferences1796318000000 } from '../migrations/1796318000000-reply-references.js';
import { LapsedClaims1796399000000 } from '../migrations/1796399000000-lapsed-claims.js';
import { WebhookReceipts1796410000000 } from '../migrations/1796410000000-webhook-receipts.js';
import { EmailSuppressions1797070000000 } from '../migrations/1797070000000-email-suppressions.js';
import { EmailSuppression } from '../bounces/email-suppression.entity.js';
import { OwnTherapyOnAppointments1797060000000 } from '../migrations/1797060000000-own-therapy-on-appointments.js';
import { MessageResends1797210000000 } from '../migrations/1797210000000-message-resends.js';

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
  AppointmentReference,
  PendingCancellation,
  WebhookReceipt,
  EmailSuppression,
];
export const notificationsMigrations = [
  MessagingTables1764230400000,
  Notifications1764231300000,
  AppointmentZone1764231600000,
  DirectoryTables1796192200000,
  AuditTrail1796300000000,
  AuditPurgeFunction1796300100000,
  RuntimeRole1796300200000,
  ReplyReferences1796318000000,
  AuditPatientScope1796376891776,
  LapsedClaims1796399000000,
  WebhookReceipts1796410000000,
  OwnerRole1797030000000,
  OwnTherapyOnAppointments1797060000000,
  EmailSuppressions1797070000000,
  MessageResends1797210000000,
];

/** From the service's parsed configuration (startService reads it once at boot). */
export function notificationsDataSource(database: DatabaseConfig): DataSourceOptions {
  return serviceDataSourceOptions({
    service: 'notifications',
    config: database,
    entities: notificationsEntities,
    migrations: notificationsMigrations,
  });
}

/** From an environment's DATABASE_* variables, validated, as the owner role: for scripts (infra/dev/migrate.mjs) and tests. */
export function notificationsDataSourceOptions(env: Record<string, string | undefined>): DataSourceOptions {
  return notificationsDataSource(ownerDatabaseConfigFromEnv('notifications', env));
}
