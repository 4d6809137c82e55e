import type { IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { deadLetterTopic, type ServiceName } from '@chairside/contracts';
import { counter } from '@chairside/platform';
import { backoffDelay, sleep } from '../kafka/backoff.js';
import { physicalTopic } from '../config/topic-names.js';

export type DeadLetterReason =
  'malformed' | 'invalid-envelope' | 'unknown-type' | 'unknown-version' | 'invalid-data' | 'handler-failed';

export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  reason: DeadLetterReason;
  error: string;
  attempts: number;
}

/** Header names on dead-lettered messages; documented in docs/events.md. */
export const DLT_HEADERS = {
  reason: 'dlt-reason',
  error: 'dlt-error',
  topic: 'dlt-original-topic',
  partition: 'dlt-original-partition',
  offset: 'dlt-original-offset',
  group: 'dlt-consumer-group',
  attempts: 'dlt-attempts',
  failedAt: 'dlt-failed-at',
} as const;

/**
 * Moves a message the service cannot process to its dead-letter topic, byte for byte, with why
 * and where it came from. Retries until Kafka takes it: dropping it would lose the event.
 */
export class DeadLetterPublisher {
  private producer: Producer | undefined;
  private readonly total = counter('chairside_dead_letters_total', 'Messages sent to the dead-letter topic', [
    'service',
    'reason',
  ]);

  constructor(
    private readonly kafka: Kafka,
    private readonly service: ServiceName,
    private readonly groupId: string,
    private readonly logger: Logger,
  ) {}

  get topic(): string {
    return physicalTopic(deadLetterTopic(this.service).name);
  }

  async publish(letter: DeadLetter, keepTrying: () => boolean): Promise<boolean> {
    const headers: IHeaders = {
      ...letter.message.headers,
      [DLT_HEADERS.reason]: letter.reason,
      [DLT_HEADERS.error]: letter.error.slice(0, 4000),
      [DLT_HEADERS.topic]: letter.topic,
      [DLT_HEADERS.partition]: String(letter.partition),
      [DLT_HEADERS.offset]: letter.message.offset,
      [DLT_HEADERS.group]: this.groupId,
      [DLT_HEADERS.attempts]: String(letter.attempts),
      [DLT_HEADERS.failedAt]: new Date().toISOString(),
    };
    for (let attempt = 1; keepTrying(); attempt++) {
      try {
        this.producer ??= await this.connect();
        await this.producer.send({
          topic: this.topic,
          acks: -1,
          messages: [{ key: letter.message.key, value: letter.message.value, headers }],
        });
        this.total.labels(this.service, letter.reason).inc();
        this.logger.warn(
          {
            component: 'dead-letter',
            reason: letter.reason,
            error: letter.error,
            topic: letter.topic,
            partition: letter.partition,
            offset: letter.message.offset,
          },
          'message moved to the dead-letter topic',
        );
        return true;
      } catch (error) {
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = undefined;
        this.logger.warn({ component: 'dead-letter', err: error, attempt }, 'could not reach the dead-letter topic; retrying');
        await sleep(backoffDelay(attempt, 200, 5_000));
      }
    }
    return false;
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    return producer;
  }
}
