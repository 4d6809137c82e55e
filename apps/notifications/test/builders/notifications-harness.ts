import { AUDIT_OPTIONS, AuditTrail } from '@chairside/audit';
import { DEV_SMS_AUTH_TOKEN, loadConfig } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import { createUseCaseHarness, FAST_TIER_ENV, type UseCaseHarness } from '@chairside/testing';
import { notificationsConfigSchema } from '../../src/config/notifications.config.js';
import { notificationsDataSourceOptions } from '../../src/database/data-source.js';
import { NOTIFICATIONS_FEATURES } from '../../src/notifications.module.js';

/**
 * Notifications' feature modules on a fresh migrated database of their own: call in `beforeAll`, `close()` in `afterAll`.
 * `env` adds to or replaces the configuration (an SMTP server of the test's own, say).
 */
export function notificationsHarness(label = 'notifications', env: Record<string, string> = {}): Promise<UseCaseHarness> {
  return createUseCaseHarness({
    service: 'notifications',
    label,
    imports: NOTIFICATIONS_FEATURES,
    providers: [
      // The patient page records who opened a link (the service's AuditModule, not loaded in this tier).
      { provide: AUDIT_OPTIONS, useValue: { service: 'notifications', retentionDays: 2190 } },
      AuditTrail,
      {
        provide: SERVICE_CONFIG,
        useValue: loadConfig(notificationsConfigSchema, {
          ...FAST_TIER_ENV,
          SMS_AUTH_TOKEN: DEV_SMS_AUTH_TOKEN,
          SMS_WEBHOOK_BASE_URL: 'http://127.0.0.1:3003',
          ...env,
        }),
      },
    ],
    dataSourceOptions: notificationsDataSourceOptions,
  });
}
