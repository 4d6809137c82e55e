import { z } from 'zod';
import { PSEUDONYM_KEY_ID } from '@chairside/contracts';
import { DEV_ANALYTICS_PSEUDONYM_KEY } from '@chairside/platform';
import { serviceConfigSchema } from '@chairside/runtime';
import { REPORT_GIVE_WAY_MS } from '../kpis/events-first.js';

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
   * How often, at least, the day percentiles and heatmap of the days that events marked are
   * recomputed (KpiRefresher, which also starts a pass as soon as each inbox run ends): for marks
   * written by anything but this process's consumer. A day marked many times during a pass is
   * recomputed once after it.
   */
  KPI_REFRESH_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /**
   * KPI reports computed at once (ReportGate), each on a connection of the reports' own pool of this
   * size (ReportPool), so the event consumers and the refresher never wait for a connection a report
   * holds. One on the 2-core reference machine: a report's statements take a core while they run,
   * and the consumers, the refresher and PostgreSQL's own work need the other (docs/benchmarks.md,
   * issue 21); more cores can take more.
   */
  KPI_REPORTS_AT_ONCE: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * KPI reports that may wait for one of those slots (ReportGate); one more is refused at once with
   * 503 problem+json and Retry-After, before it reads anything. 32 holds twenty analysts asking
   * back to back with room to spare; each waiting report holds a socket and its request, nothing else.
   */
  KPI_REPORTS_WAITING: z.coerce.number().int().min(0).max(1_000).default(32),
  /**
   * A report's statements are stopped after this long (PostgreSQL's statement_timeout, per statement),
   * answered 503 problem+json with Retry-After, so no report holds a slot, a connection and a core for
   * long. The slowest statement measured, an organisation's rolling year of histograms, takes under 2 s
   * at 100 centers.
   */
  KPI_REPORT_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /**
   * PostgreSQL parallel workers one report statement may use (max_parallel_workers_per_gather, the
   * server's default 2). With them a single report can take every core of a small machine, and the
   * event consumers and the refresher wait for CPU behind it, so a report is limited to one core
   * unless a deployment with cores to spare raises this.
   */
  KPI_REPORT_PARALLEL_WORKERS: z.coerce.number().int().min(0).max(8).default(0),
  /**
   * How long each report statement waits at most for the event work in flight (an inbox run, or the
   * rollup refresh owed after one) before it starts anyway (EventsFirst): reports may wait, the
   * consumption of events must not. The bound keeps reports answered while events never pause.
   */
  KPI_REPORT_GIVE_WAY_MS: z.coerce.number().int().min(0).max(10_000).default(REPORT_GIVE_WAY_MS),
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
