import 'reflect-metadata';
import { startService } from '@chairside/runtime';
import { SessionsModule } from './sessions.module.js';
import { sessionsDataSourceOptions } from './database/data-source.js';

await startService({
  service: 'sessions',
  title: 'Chairside sessions',
  description: 'The infusion as it happens: check-in, access, start/pause/stop, vitals, reactions, discharge.',
  dataSourceOptions: sessionsDataSourceOptions,
  rootModule: (config, dataSource, logger) => SessionsModule.forRoot(config, dataSource, logger),
});
