import 'reflect-metadata';
import { startService } from '@chairside/runtime';
import { SchedulingModule } from './scheduling.module.js';
import { schedulingDataSource } from './database/data-source.js';
import { schedulingConfigSchema } from './config/scheduling.config.js';

await startService({
  service: 'scheduling',
  title: 'Chairside scheduling',
  description: 'Locations, chairs, nurses and shifts, the therapy catalog, patients and appointments.',
  configSchema: schedulingConfigSchema,
  dataSourceOptions: schedulingDataSource,
  rootModule: (config, dataSource, logger) => SchedulingModule.forRoot(config, dataSource, logger),
});
