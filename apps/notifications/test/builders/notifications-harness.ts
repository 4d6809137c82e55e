import { createUseCaseHarness, type UseCaseHarness } from '@chairside/testing';
import { notificationsDataSourceOptions } from '../../src/database/data-source.js';
import { NOTIFICATIONS_FEATURES } from '../../src/notifications.module.js';

/** Notifications' feature modules on a fresh migrated database of their own: call in `beforeAll`, `close()` in `afterAll`. */
export function notificationsHarness(label = 'notifications'): Promise<UseCaseHarness> {
  return createUseCaseHarness({
    service: 'notifications',
    label,
    imports: NOTIFICATIONS_FEATURES,
    dataSourceOptions: notificationsDataSourceOptions,
  });
}
