import { loadConfig } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import { createUseCaseHarness, FAST_TIER_ENV, type UseCaseHarness } from '@chairside/testing';
import { sessionsConfigSchema } from '../../src/config/sessions.config.js';
import { sessionsDataSourceOptions } from '../../src/database/data-source.js';
import { SESSIONS_FEATURES } from '../../src/sessions.module.js';

/** Sessions' feature modules on a fresh migrated database of their own: call in `beforeAll`, `close()` in `afterAll`. */
export function sessionsHarness(label = 'sessions'): Promise<UseCaseHarness> {
  return createUseCaseHarness({
    service: 'sessions',
    label,
    imports: SESSIONS_FEATURES,
    providers: [{ provide: SERVICE_CONFIG, useValue: loadConfig(sessionsConfigSchema, FAST_TIER_ENV) }],
    dataSourceOptions: sessionsDataSourceOptions,
  });
}
