import { createUseCaseHarness, type UseCaseHarness } from '@chairside/testing';
import { sessionsDataSourceOptions } from '../../src/database/data-source.js';
import { SESSIONS_FEATURES } from '../../src/sessions.module.js';

/** Sessions' feature modules on a fresh migrated database of their own: call in `beforeAll`, `close()` in `afterAll`. */
export function sessionsHarness(label = 'sessions'): Promise<UseCaseHarness> {
  return createUseCaseHarness({
    service: 'sessions',
    label,
    imports: SESSIONS_FEATURES,
    dataSourceOptions: sessionsDataSourceOptions,
  });
}
