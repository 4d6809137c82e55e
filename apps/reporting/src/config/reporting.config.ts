import { z } from 'zod';
import { PSEUDONYM_KEY_ID } from '@chairside/contracts';
import { DEV_ANALYTICS_PSEUDONYM_KEY } from '@chairside/platform';
import { serviceConfigSchema } from '@chairside/runtime';

/** Reporting's configuration: every service's variables plus the analytics pseudonym key. Read once at boot. */
export const reportingConfigSchema = serviceConfigSchema('reporting').extend({
  /**
   * The per-deployment secret the analytics stream's patient pseudonyms are keyed with
   * (HMAC-SHA256): without it a pseudonym cannot be tied back to a patient id. At least 32
   * characters (e.g. `openssl rand -base64 48`); production refuses the development value.
   */
  ANALYTICS_PSEUDONYM_KEY: z.string().min(32).default(DEV_ANALYTICS_PSEUDONYM_KEY),
  /** Published in every analytics message beside the pseudonym: change it with the key (docs/runbook.md). */
  ANALYTICS_PSEUDONYM_KEY_ID: z.string().regex(PSEUDONYM_KEY_ID).default('development'),
  /**
   * How often the day percentiles and heatmap of the days that events marked are recomputed
   * (KpiRefresher): those follow the facts by about this much (the counters at once, kept by
   * difference), and a day marked many times in between is recomputed once.
   */
  KPI_REFRESH_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /**
   * KPI reports computed at once (ReportGate), each on a connection of the reports' own pool of this
   * size (ReportPool), so the event consumers and the refresher never wait for a connection a report
   * holds. One on the 2-core reference machine: with two, twenty clients kept both cores busy with
   * reports and the figures' freshness p99 under that load went from 1.6 s to 5.7 s (docs/benchmarks.md);
   * more cores can take more.
   */
  KPI_REPORTS_AT_ONCE: z.coerce.number().int().min(1).max(16).default(1),
});
export type ReportingConfig = z.output<typeof reportingConfigSchema>;

/** What `npm run reporting:rebuild` reads: the same variables as the service, without auth or HTTP. */
export const rebuildConfigSchema = reportingConfigSchema.pick({
  NODE_ENV: true,
  KAFKA_BROKERS: true,
  KAFKA_SASL_MECHANISM: true,
  KAFKA_SASL_USERNAME: true,
  KAFKA_SASL_PASSWORD: true,
  KAFKA_SSL: true,
  KAFKA_SSL_CA_FILE: true,
  KAFKA_ALLOW_PLAINTEXT: true,
  KAFKA_TOPIC_PREFIX: true,
  KAFKA_CONSUMER_GROUP: true,
  DATABASE_HOST: true,
  DATABASE_PORT: true,
  // The rebuild empties tables as the owner role, as migrations do.
  DATABASE_OWNER_USER: true,
  DATABASE_OWNER_PASSWORD: true,
  DATABASE_USER: true,
  DATABASE_PASSWORD: true,
  DATABASE_NAME: true,
  DATABASE_POOL_SIZE: true,
});
