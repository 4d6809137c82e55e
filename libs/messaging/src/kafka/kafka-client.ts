import kafkajs, { type Kafka, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaConnection } from '../config/kafka-connection.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;

export interface KafkaClientOptions extends KafkaConnection {
  clientId: string;
  logger: Logger;
}

/** kafkajs logs through pino at warn and above; its info lines are per-connection noise. */
/**
 * Warnings that do not apply here: we use the default (Java-compatible) partitioner on purpose,
 * and every producer that fails a send after its bounded retries is discarded and replaced, so
 * a new producer id starts a new sequence (the EoS warning is about reusing the old one).
 */
const EXPECTED_WARNINGS = [/switched default partitioner/, /Limiting retries for the idempotent producer/];

/**
 * kafkajs logs every error response of the broker at error level, before the caller handles it. These
 * are expected on every start and handled, so they are kept at debug (a request that finally fails
 * still surfaces as the caller's error):
 * - CreateTopics "already exists": the services start together and race to create the same (new)
 *   topics; kafkajs treats a response where every topic already exists as success.
 * - Metadata and ListOffsets while a just-created topic elects its leader: a new consumer group
 *   resolving where to start on new topics gets "no leader yet" for a moment; kafkajs retries.
 * - GroupCoordinator and InitProducerId while a broker that just started creates or loads its
 *   consumer-offsets and transaction-state topics (`npm start` launching the local broker): "the
 *   coordinator is not available / loading" is retriable, and kafkajs retries.
 */
const EXPECTED_RESPONSE_ERRORS: ReadonlyArray<readonly [request: RegExp, error: RegExp]> = [
  // kafkajs logs the aggregate ("Topic creation errors"), then admin.createTopics returns normally when
  // every topic in it already exists and throws anything else, which ensureTopics rethrows.
  [/^Response CreateTopics/, /already exists|^Topic creation errors$/i],
  [/^Response (Metadata|ListOffsets)/, /leader|does not host this topic-partition|high watermark has not caught up/i],
  [
    /^Response (GroupCoordinator|InitProducerId)/,
    /coordinator is not available|coordinator is loading|not the correct coordinator/i,
  ],
];

export function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      if (EXPECTED_WARNINGS.some((w) => w.test(message))) return;
      const fields = { component: 'kafkajs', namespace: log.namespace, broker: extra.broker, error: extra.error };
      const error = String(extra.error ?? '');
      if (EXPECTED_RESPONSE_ERRORS.some(([request, expected]) => request.test(message) && expected.test(error)))
        logger.debug(fields, message);
      else if (level === logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
    };
}

export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new KafkaClient({
    clientId: options.clientId,
    brokers: options.brokers,
    // TLS and SASL/SCRAM as configured (kafkaConnection refuses neither in production unless allowed).
    ...(options.ssl ? { ssl: options.ssl.ca ? { ca: options.ssl.ca } : true } : {}),
    ...(options.sasl ? { sasl: options.sasl } : {}),
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(options.logger),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    // Long enough to ride out a broker restart; the outbox and consumers retry on top of this.
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 },
  });
}
