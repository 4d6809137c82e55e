import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';
import { serviceInfrastructure } from '@chairside/runtime';
import type { ReportingConfig } from './config/reporting.config.js';
import { DirectoryModule } from './directory/directory.module.js';
import { VisitsModule } from './visits/visits.module.js';
import { KpisModule } from './kpis/kpis.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';

/** Reporting's features, one module each: the root module serves them, the fast test tier tests them. */
export const REPORTING_FEATURES = [DirectoryModule, VisitsModule, KpisModule, AnalyticsModule];

@Module({})
export class ReportingModule {
  static forRoot(config: ReportingConfig, dataSource: DataSourceOptions, logger: Logger): DynamicModule {
    return {
      module: ReportingModule,
      imports: [...serviceInfrastructure('reporting', config, dataSource, logger), ...REPORTING_FEATURES],
    };
  }
}
