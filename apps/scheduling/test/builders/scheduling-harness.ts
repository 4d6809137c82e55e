import { createUseCaseHarness, type UseCaseHarness } from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../src/database/data-source.js';
import { SCHEDULING_FEATURES } from '../../src/scheduling.module.js';

/** Scheduling's feature modules on a fresh migrated database of their own: call in `beforeAll`, `close()` in `afterAll`. */
export function schedulingHarness(label = 'scheduling'): Promise<UseCaseHarness> {
  return createUseCaseHarness({
    service: 'scheduling',
    label,
    imports: SCHEDULING_FEATURES,
    dataSourceOptions: schedulingDataSourceOptions,
  });
}
