import 'reflect-metadata';
import { startService } from '@chairside/runtime';
import { SchedulingModule } from './scheduling.module.js';
import { schedulingDataSourceOptions } from './database/data-source.js';

await startService({
  service: 'scheduling',
  title: 'Chairside scheduling',
  description: 'Locations, chairs, nurses and shifts, the therapy catalog, patients and appointments.',
  dataSourceOptions: schedulingDataSourceOptions,
  rootModule: (config, dataSource, logger) => SchedulingModule.forRoot(config, dataSource, logger),
});
