import { z } from 'zod';
import { serviceConfigSchema } from '@chairside/runtime';

/** Reporting's configuration: every service's variables and its own below. Read once at boot. */
export const reportingConfigSchema = serviceConfigSchema('reporting').extend({
  /**
   * How often the KPI rollups of the days that events marked are recomputed (KpiRefresher): the
   * figures follow the facts by about this much, and a day marked many times in between is
   * recomputed once.
   */
  KPI_REFRESH_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
});
export type ReportingConfig = z.output<typeof reportingConfigSchema>;

/** What `npm run reporting:rebuild` reads: the same variables as the service, without auth or HTTP. */
export const rebuildConfigSchema = reportingConfigSchema.pick({
  KAFKA_BROKERS: true,
  KAFKA_TOPIC_PREFIX: true,
  KAFKA_CONSUMER_GROUP: true,
  DATABASE_HOST: true,
  DATABASE_PORT: true,
  DATABASE_USER: true,
  DATABASE_PASSWORD: true,
  DATABASE_NAME: true,
  DATABASE_POOL_SIZE: true,
});
