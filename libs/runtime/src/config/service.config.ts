import { z } from 'zod';
import { DEFAULT_PORTS, type ServiceName } from '@chairside/contracts';
import { databaseConfigSchema } from '@chairside/database';
import { messagingConfigSchema } from '@chairside/messaging';
import { baseConfigSchema, csv, httpEdgeConfigSchema, port } from '@chairside/platform';

/**
 * Everything every service reads from its environment: the platform's base (auth, logging,
 * brokers), the HTTP listener and its edge (rate limits, docs and metrics access), the database and messaging fragments. A service extends it with
 * its own variables in `apps/<service>/src/config/<service>.config.ts`; that one schema is read
 * once, at boot, by startService, and injected as SERVICE_CONFIG.
 */
export function serviceConfigSchema(service: ServiceName) {
  return baseConfigSchema
    .extend(databaseConfigSchema(service).shape)
    .extend(messagingConfigSchema.shape)
    .extend(httpEdgeConfigSchema.shape)
    .extend({
      HOST: z.string().default('127.0.0.1'),
      PORT: port(DEFAULT_PORTS[service]),
      KAFKA_CONSUMER_GROUP: z.string().min(1).default(`chairside-${service}`),
      /** After a fatal consumer error: how long health reports it before the process exits. */
      FATAL_EXIT_DELAY_MS: z.coerce.number().int().min(0).default(2_000),
      /** How long audit records are kept (six years by default, HIPAA's documentation period); at least 30 days. */
      /**
       * Proxies (the console) whose X-Forwarded-For and X-Forwarded-User-Agent are believed: IPs,
       * CIDRs or `loopback`, comma-separated. Empty: the audit trail records the direct peer only.
       */
      HTTP_TRUSTED_PROXIES: csv.optional(),
      AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(36_500).default(2190),
    });
}

export type ServiceConfigSchema = ReturnType<typeof serviceConfigSchema>;
export type ServiceConfig = z.output<ServiceConfigSchema>;

/** Nest token of the service's parsed configuration (its own schema's output type). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
