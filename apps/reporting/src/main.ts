import 'reflect-metadata';
import { startService } from '@chairside/runtime';
import { ReportingModule } from './reporting.module.js';
import { reportingDataSource } from './database/data-source.js';
import { reportingConfigSchema } from './config/reporting.config.js';

await startService({
  service: 'reporting',
  title: 'Chairside reporting',
  description: 'Read models over every Chairside event: utilization, waits, no-shows, reactions, delivery.',
  configSchema: reportingConfigSchema,
  dataSourceOptions: reportingDataSource,
  rootModule: (config, dataSource, logger) => ReportingModule.forRoot(config, dataSource, logger),
});
