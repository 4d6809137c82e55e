import 'reflect-metadata';
import { startService } from '@chairside/runtime';
import { NotificationsModule } from './notifications.module.js';
import { notificationsDataSource } from './database/data-source.js';
import { notificationsConfigSchema } from './config/notifications.config.js';

await startService({
  service: 'notifications',
  title: 'Chairside notifications',
  description: 'Confirmations, reminders, changes, delays and follow-ups by email and SMS, each exactly once.',
  configSchema: notificationsConfigSchema,
  dataSourceOptions: notificationsDataSource,
  rootModule: (config, dataSource, logger) => NotificationsModule.forRoot(config, dataSource, logger),
});
