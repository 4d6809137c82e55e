import { loadConfig } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import { createUseCaseHarness, FAST_TIER_ENV, type UseCaseHarness } from '@chairside/testing';
import { reportingConfigSchema } from '../../src/config/reporting.config.js';
import { reportingDataSourceOptions } from '../../src/database/data-source.js';
import { DirectoryModule } from '../../src/directory/directory.module.js';
import { VisitsModule } from '../../src/visits/visits.module.js';
import { AnalyticsModule } from '../../src/analytics/analytics.module.js';

/**
 * Reporting's projections (the directory and the visit facts with their rollups) on a fresh
 * migrated database of their own: call in `beforeAll`, `close()` in `afterAll`. The KPI module is
 * left out: its freshness probe asks Kafka for the consumer lag, and the fast tier has no Kafka.
 */
export function reportingHarness(label = 'reporting'): Promise<UseCaseHarness> {
  return createUseCaseHarness({
    service: 'reporting',
    label,
    imports: [DirectoryModule, VisitsModule, AnalyticsModule],
    providers: [{ provide: SERVICE_CONFIG, useValue: loadConfig(reportingConfigSchema, FAST_TIER_ENV) }],
    dataSourceOptions: reportingDataSourceOptions,
  });
}
