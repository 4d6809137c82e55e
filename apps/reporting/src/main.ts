import 'reflect-metadata';
import { startService } from '@chairside/runtime';
import { ReportingModule } from './reporting.module.js';
import { reportingDataSourceOptions } from './database/data-source.js';

await startService({
  service: 'reporting',
  title: 'Chairside reporting',
  description: 'Read models over every Chairside event: utilization, waits, no-shows, reactions, delivery.',
  dataSourceOptions: reportingDataSourceOptions,
  rootModule: (config, dataSource, logger) => ReportingModule.forRoot(config, dataSource, logger),
});
