import { z } from 'zod';
import { baseConfigSchema, port } from '@chairside/platform';
import type { ServiceName } from '@chairside/contracts';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  scheduling: 3001,
  sessions: 3002,
  notifications: 3003,
  reporting: 3004,
};

export function serviceConfigSchema(service: ServiceName) {
  return baseConfigSchema.extend({
    HOST: z.string().default('127.0.0.1'),
    PORT: port(DEFAULT_PORTS[service]),
    KAFKA_CONSUMER_GROUP: z.string().min(1).default(`chairside-${service}`),
    CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    /** How long the group waits for a silent member (e.g. a killed process) before rebalancing. */
    KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).default(30_000),
    CONSUMER_RETRY_BASE_MS: z.coerce.number().int().min(1).default(200),
    /** Partitions worked on at once; kafkajs fetches again only when all of a fetch's are done. */
    CONSUMER_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(6),
    /** Events applied in one database transaction (with their inbox rows) when none fails. */
    CONSUMER_TRANSACTION_BATCH: z.coerce.number().int().min(1).max(2_000).default(500),
    /** After a fatal consumer error: how long health reports it before the process exits. */
    FATAL_EXIT_DELAY_MS: z.coerce.number().int().min(0).default(2_000),
    /** How long audit records are kept (six years by default, HIPAA's documentation period); at least 30 days. */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(36_500).default(2190),
  });
}

export type ServiceConfig = z.output<ReturnType<typeof serviceConfigSchema>>;
