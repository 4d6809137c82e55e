import { loadConfig } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import { createUseCaseHarness, FAST_TIER_ENV, type UseCaseHarness } from '@chairside/testing';
import { schedulingConfigSchema } from '../../src/config/scheduling.config.js';
import { schedulingDataSourceOptions } from '../../src/database/data-source.js';
import { SCHEDULING_FEATURES } from '../../src/scheduling.module.js';

/** Scheduling's feature modules on a fresh migrated database of their own: call in `beforeAll`, `close()` in `afterAll`. */
export function schedulingHarness(label = 'scheduling'): Promise<UseCaseHarness> {
  return createUseCaseHarness({
    service: 'scheduling',
    label,
    imports: SCHEDULING_FEATURES,
    providers: [{ provide: SERVICE_CONFIG, useValue: loadConfig(schedulingConfigSchema, FAST_TIER_ENV) }],
    dataSourceOptions: schedulingDataSourceOptions,
  });
}
