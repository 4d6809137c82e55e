import { z } from 'zod';
import { serviceConfigSchema } from '@chairside/runtime';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const count = z.coerce.number().int().min(1);

/** Notifications' configuration: every service's variables plus its own. Read once at boot. */
export const notificationsConfigSchema = serviceConfigSchema('notifications').extend({
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  /**
   * How the connection to the relay is protected: `starttls` (upgrade required: a relay that does
   * not offer it, or a stripped offer, fails the send instead of sending in clear text), `implicit`
   * (TLS from the first byte, port 465), or `off` for a local sink only (refused with NODE_ENV=production).
   * Messages carry names, appointment times and therapies.
   */
  SMTP_TLS: z.enum(['starttls', 'implicit', 'off']).default('starttls'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_MAX_CONNECTIONS: count.default(5),
  NOTIFICATIONS_FROM: z.string().min(1).default('Chairside <no-reply@chairside.example>'),
  SMS_API_URL: z.url().default('http://127.0.0.1:1026'),
  SMS_ACCOUNT_SID: z.string().min(1).default('ACchairsidelocal'),
  /** Also checks the provider's webhook signatures. */
  SMS_AUTH_TOKEN: z.string().min(1).default('local'),
  SMS_FROM: z.string().min(1).default('+15550000000'),
  SMS_STATUS_CALLBACK_URL: z.url().optional(),
  /** The public base URL the provider signs; the request's host when unset. */
  SMS_WEBHOOK_BASE_URL: z.url().optional(),
  DISPATCH_INTERVAL_MS: count.default(250),
  DISPATCH_BATCH: count.max(10_000).default(100),
  DISPATCH_CONCURRENCY: count.max(1_000).default(10),
  DISPATCH_LEASE_MS: count.default(60_000),
  DISPATCH_BACKOFF_MS: count.default(30_000),
  NOTIFICATIONS_MAX_ATTEMPTS: count.max(100).default(5),
  /** Tests and the demo only: lets PUT /test/clock move the dispatcher's clock forward. */
  NOTIFICATIONS_ADJUSTABLE_CLOCK: flag.default(false),
});
export type NotificationsConfig = z.output<typeof notificationsConfigSchema>;
