import { z } from 'zod';
import { DEFAULT_PORTS } from '@chairside/contracts';
import { messagingConfigSchema } from '@chairside/messaging';
import { baseConfigSchema, httpEdgeConfigSchema, port } from '@chairside/platform';

/** The development secret of the local provider's `chairside-console` client (apps/identity). */
export const DEV_CONSOLE_CLIENT_SECRET = 'chairside-console-development-secret';
export const CONSOLE_DEFAULT_PORT = 3010;

const serviceUrl = (port: number) => z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${port}`);

/**
 * The console's back end (BFF): the platform's token checks (it verifies the access tokens it
 * receives, to know the user's role and locations), the OpenID Connect client it signs people in
 * with, the session cookie, the services it proxies and the Kafka topics it pushes from. Its own
 * rate limit is per client address; each service limits every user the console calls it for.
 */
export const consoleConfigSchema = baseConfigSchema
  .extend(
    messagingConfigSchema.pick({
      KAFKA_TOPIC_PREFIX: true,
      KAFKA_SASL_MECHANISM: true,
      KAFKA_SASL_USERNAME: true,
      KAFKA_SASL_PASSWORD: true,
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: true,
      KAFKA_ALLOW_PLAINTEXT: true,
    }).shape,
  )
  .extend(httpEdgeConfigSchema.pick({ RATE_LIMIT_CLIENT_IP_PER_MINUTE: true, RATE_LIMIT_CLIENT_IP_BURST: true }).shape)
  .extend({
    HOST: z.string().default('127.0.0.1'),
    PORT: port(CONSOLE_DEFAULT_PORT),
    /** The origin people open; the OpenID callback is `<CONSOLE_PUBLIC_URL>/auth/callback` (default http://HOST:PORT). */
    CONSOLE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    CONSOLE_CLIENT_ID: z.string().min(1).default('chairside-console'),
    CONSOLE_CLIENT_SECRET: z.string().min(16).default(DEV_CONSOLE_CLIENT_SECRET),
    /** How long a signed-in session lasts without use (the provider's refresh token may end it sooner). */
    CONSOLE_SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    /** Sessions held at once (in memory); the oldest is signed out beyond it. */
    CONSOLE_MAX_SESSIONS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    /** Live (server-sent event) streams open at once, all users together. */
    CONSOLE_MAX_STREAMS: z.coerce.number().int().min(1).max(100_000).default(1_000),
    /** Where the built web app is (default: apps/console/dist/web). */
    CONSOLE_WEB_DIR: z.string().optional(),
    SCHEDULING_URL: serviceUrl(DEFAULT_PORTS.scheduling),
    SESSIONS_URL: serviceUrl(DEFAULT_PORTS.sessions),
    NOTIFICATIONS_URL: serviceUrl(DEFAULT_PORTS.notifications),
    REPORTING_URL: serviceUrl(DEFAULT_PORTS.reporting),
  });

export type ConsoleConfig = z.output<typeof consoleConfigSchema>;

/** Nest token of the parsed configuration. */
export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');

/** The origin the browser uses, without a trailing slash. */
export function publicUrl(
  config: Pick<ConsoleConfig, 'CONSOLE_PUBLIC_URL' | 'HOST' | 'PORT'>,
  listeningPort = config.PORT,
): string {
  return (config.CONSOLE_PUBLIC_URL ?? `http://${config.HOST}:${listeningPort}`).replace(/\/$/, '');
}
