import { existsSync } from 'node:fs';
import { z } from 'zod';
import { FAULT_POINTS, type FaultInjection } from './fault-injection.js';

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The messaging variables (topics, the consumer, the outbox relay): a fragment every service's
 * configuration schema is composed of (libs/runtime serviceConfigSchema). KAFKA_BROKERS is in the
 * platform's base schema; KAFKA_CONSUMER_GROUP's default depends on the service (runtime).
 */
export const messagingConfigSchema = z.object({
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only (Kafka topic characters)')
    .optional(),
  /**
   * How the client proves who it is: SASL/SCRAM with the service's own principal (the broker's ACLs
   * are per principal). Unset: no authentication, refused with NODE_ENV=production (kafka-connection.ts).
   */
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** TLS to the brokers; the server certificate is checked against the system CAs or KAFKA_SSL_CA_FILE. */
  KAFKA_SSL: flag.default(false),
  /** PEM file of the CA(s) that signed the brokers' certificates (a private or managed cluster's CA). */
  KAFKA_SSL_CA_FILE: z
    .string()
    .min(1)
    .refine((file) => existsSync(file), 'no such file')
    .optional(),
  /** Production only: start without TLS or SASL anyway (a broker reached over a private, trusted link). */
  KAFKA_ALLOW_PLAINTEXT: flag.default(false),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(7).default(1),
  /** How long the group waits for a silent member (e.g. a killed process) before rebalancing. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).default(30_000),
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  CONSUMER_RETRY_BASE_MS: z.coerce.number().int().min(1).default(200),
  /** Partitions worked on at once; kafkajs fetches again only when all of a fetch's are done. */
  CONSUMER_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(6),
  /** Events applied in one database transaction (with their inbox rows) when none fails: a partition's run, or several partitions' runs together. */
  CONSUMER_TRANSACTION_BATCH: z.coerce.number().int().min(1).max(2_000).default(500),
  /** After a commit wakes the relay, how long it waits for more before publishing. */
  OUTBOX_GATHER_MS: z.coerce.number().int().min(0).max(1_000).default(5),
  /** Tests only: fault injection points (config/fault-injection.ts). */
  CHAIRSIDE_FAULT: list.pipe(z.array(z.enum(FAULT_POINTS))).optional(),
  CHAIRSIDE_FAULT_EVENT_ID: z.string().optional(),
});
export type MessagingConfig = z.output<typeof messagingConfigSchema>;

export function faultInjection(config: MessagingConfig): FaultInjection {
  return { armed: config.CHAIRSIDE_FAULT ?? [], onlyEventId: config.CHAIRSIDE_FAULT_EVENT_ID };
}
