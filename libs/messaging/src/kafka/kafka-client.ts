import kafkajs, { type Kafka, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaConnection } from '../config/kafka-connection.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;

export interface KafkaClientOptions extends KafkaConnection {
  clientId: string;
  logger: Logger;
}

/**
 * kafkajs logs through pino at warn and above; its info lines are per-connection noise.
 *
 * Warnings that do not apply here: we use the default (Java-compatible) partitioner on purpose,
 * and every producer that fails a send after its bounded retries is discarded and replaced, so
 * a new producer id starts a new sequence (the EoS warning is about reusing the old one).
 */
const EXPECTED_WARNINGS = [/switched default partitioner/, /Limiting retries for the idempotent producer/];

/** What a broker that just started answers while it creates or loads its coordinators' topics: retriable. */
const COORDINATOR_STARTING = /coordinator is not available|coordinator is loading|not the correct coordinator/i;

/** A consumer crash that only says the group's coordinator is still loading: kafkajs restarts the consumer. */
export function isCoordinatorStarting(error: Error): boolean {
  return COORDINATOR_STARTING.test(error.message);
}

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
  [/^Response (GroupCoordinator|InitProducerId)/, COORDINATOR_STARTING],
];

/** How many crashes of a consumer group on a loading coordinator are quiet (see pinoLogCreator). */
export const COORDINATOR_CRASHES_QUIET = 3;

export function pinoLogCreator(logger: Logger): logCreator {
  return () => {
    /**
     * Consumer groups whose last crash was only their coordinator loading (a consumer joining right
     * after the broker started, as on `npm start`'s first run): kafkajs logs that crash and the
     * restart it schedules at error level, though the restart is the handling. Both are kept at
     * debug for a group's first COORDINATOR_CRASHES_QUIET such crashes (a broker loads its
     * coordinators within seconds); past that a coordinator that never comes is a fault and is
     * logged at error again, as is any other crash and the restart after it.
     */
    const restartExpected = new Set<string>();
    const coordinatorCrashes = new Map<string, number>();
    return ({ level, log }) => {
      const { message, ...extra } = log;
      if (EXPECTED_WARNINGS.some((w) => w.test(message))) return;
      const fields = { component: 'kafkajs', namespace: log.namespace, broker: extra.broker, error: extra.error };
      const error = String(extra.error ?? '');
      const group = String(extra.groupId ?? '');
      const crashes = (coordinatorCrashes.get(group) ?? 0) + 1;
      if (/^Crash: /.test(message) && COORDINATOR_STARTING.test(message) && crashes <= COORDINATOR_CRASHES_QUIET) {
        coordinatorCrashes.set(group, crashes);
        restartExpected.add(group);
        logger.debug(fields, message);
      } else if (/^Restarting the consumer in/.test(message) && restartExpected.delete(group)) logger.debug(fields, message);
      else if (EXPECTED_RESPONSE_ERRORS.some(([request, expected]) => request.test(message) && expected.test(error)))
        logger.debug(fields, message);
      else if (level === logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
    };
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
