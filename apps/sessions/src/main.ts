import 'reflect-metadata';
import { startService } from '@chairside/runtime';
import { SessionsModule } from './sessions.module.js';
import { sessionsDataSource } from './database/data-source.js';
import { sessionsConfigSchema } from './config/sessions.config.js';

await startService({
  service: 'sessions',
  title: 'Chairside sessions',
  description: 'The infusion as it happens: check-in, access, start/pause/stop, vitals, reactions, discharge.',
  configSchema: sessionsConfigSchema,
  dataSourceOptions: sessionsDataSource,
  rootModule: (config, dataSource, logger) => SessionsModule.forRoot(config, dataSource, logger),
});
