import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';
import { patientSeenAtLocationsScope } from '@chairside/audit';
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
      imports: [
        ...serviceInfrastructure('reporting', config, dataSource, logger),
        // The audit trail's patient scope: a center's staff read who looked at their own patients.
        // Reporting serves no patient-level data (its trail names a patient only for searches of
        // the trail itself) and places a patient by a visit there (an appointment, any status).
        // Index: visit_fact_patient_idx.
        patientSeenAtLocationsScope('visit_fact'),
        ...REPORTING_FEATURES,
      ],
    };
  }
}
