import 'reflect-metadata';
import { startService } from '@chairside/runtime';
import { NotificationsModule } from './notifications.module.js';
import { notificationsDataSourceOptions } from './database/data-source.js';

await startService({
  service: 'notifications',
  title: 'Chairside notifications',
  description: 'Confirmations, reminders, changes, delays and follow-ups by email and SMS, each exactly once.',
  dataSourceOptions: notificationsDataSourceOptions,
  rootModule: (config, dataSource, logger) => NotificationsModule.forRoot(config, dataSource, logger),
});
