import { z } from 'zod';
import { serviceConfigSchema } from '@chairside/runtime';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const count = z.coerce.number().int().min(1);

/** Published here, so only for development and tests (the production guard refuses it). */
export const DEVELOPMENT_PATIENT_LINK_KEY = 'chairside-development-patient-link-key';

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
  /**
   * The provider's auth token: authenticates our calls and signs its webhooks. Required, with no
   * development fallback: a guessable token would let anyone forge patients' STOP, C and R replies.
   */
  SMS_AUTH_TOKEN: z.string().min(16, 'the SMS provider auth token (at least 16 characters)'),
  SMS_FROM: z.string().min(1).default('+15550000000'),
  SMS_STATUS_CALLBACK_URL: z.url().optional(),
  /**
   * The public base URL the provider calls the webhooks at (with any path prefix of the proxy in
   * front), which its signatures cover. Required: the request's Host header is the caller's to choose.
   */
  SMS_WEBHOOK_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be the public http(s) URL the provider calls' }),
  /**
   * How long a webhook's provider message id is remembered, so a replayed request is not applied
   * twice. The provider signs no timestamp, so this is the replay window.
   */
  SMS_WEBHOOK_REPLAY_DAYS: count.max(3_650).default(400),
  /**
   * The email provider's webhook signing key: signs its bounce and complaint events (HMAC-SHA256
   * over timestamp + token). Unset, the webhook refuses every request (nothing could be trusted).
   */
  EMAIL_WEBHOOK_SIGNING_KEY: z.string().min(16, 'the email provider webhook signing key (at least 16 characters)').optional(),
  DISPATCH_INTERVAL_MS: count.default(250),
  DISPATCH_BATCH: count.max(10_000).default(100),
  DISPATCH_CONCURRENCY: count.max(1_000).default(10),
  DISPATCH_LEASE_MS: count.default(60_000),
  DISPATCH_BACKOFF_MS: count.default(30_000),
  NOTIFICATIONS_MAX_ATTEMPTS: count.max(100).default(5),
  /**
   * Signs the links to the patient page (HMAC-SHA256): whoever holds it can mint a link that
   * confirms or cancels any appointment, so production refuses the development value.
   */
  PATIENT_LINK_KEY: z.string().min(32).default(DEVELOPMENT_PATIENT_LINK_KEY),
  /** The public address patients open their page at (its links are PATIENT_PAGE_URL/p/<token>); this service's own address when unset. */
  PATIENT_PAGE_URL: z.url().optional(),
  /** Tests and the demo only: lets PUT /test/clock move the dispatcher's clock forward. */
  NOTIFICATIONS_ADJUSTABLE_CLOCK: flag.default(false),
});
export type NotificationsConfig = z.output<typeof notificationsConfigSchema>;
