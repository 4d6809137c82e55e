import type { z } from 'zod';
import { serviceConfigSchema } from '@chairside/runtime';

/** Reporting's configuration: every service's variables; it has none of its own. Read once at boot. */
export const reportingConfigSchema = serviceConfigSchema('reporting');
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
  DATABASE_USER: true,
  DATABASE_PASSWORD: true,
  DATABASE_NAME: true,
  DATABASE_POOL_SIZE: true,
});
