import { randomUUID } from 'node:crypto';
import kafkajs, { type Kafka, type KafkaMessage } from 'kafkajs';

/** Test runs publish under their own prefix (see jest.setup.js); helpers take logical names. */
export const testTopic = (logicalName: string): string => `${process.env.KAFKA_TOPIC_PREFIX ?? ''}${logicalName}`;

export const TEST_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export function testKafka(clientId = 'chairside-test'): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: TEST_BROKERS,
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200 },
  });
}

export interface ReceivedMessage {
  topic: string;
  partition: number;
  message: KafkaMessage;
  headers: Record<string, string>;
  value: string | null;
}

/** Reads a topic from the beginning with a throwaway group until `done(messages)` holds. */
export async function readTopicUntil(
  kafka: Kafka,
  topic: string,
  done: (messages: ReceivedMessage[]) => boolean,
  timeoutMs = 30_000,
): Promise<ReceivedMessage[]> {
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const received: ReceivedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: testTopic(topic), fromBeginning: true });
    let resolveDone!: () => void;
    const finished = new Promise<void>((resolve) => (resolveDone = resolve));
    await consumer.run({
      eachMessage: async ({ topic: t, partition, message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('utf8') : String(v)]),
        );
        received.push({ topic: t, partition, message, headers, value: message.value?.toString('utf8') ?? null });
        if (done(received)) resolveDone();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`read ${received.length} messages from ${topic} without meeting the condition`)),
        timeoutMs,
      );
    });
    await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
    return received;
  } finally {
    await consumer.disconnect();
  }
}

export async function produceRaw(
  kafka: Kafka,
  topic: string,
  messages: Array<{ key: string; value: string; headers?: Record<string, string> }>,
): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic: testTopic(topic), acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Gives the calling test file topics of its own under the run's prefix, so its services consume
 * only what the file produces, not the backlog earlier files left. Call at the top of the file;
 * pass the returned function to afterAll to restore the shared prefix for the files after it.
 */
export function useOwnTopics(label: string): () => void {
  const shared = process.env.KAFKA_TOPIC_PREFIX;
  process.env.KAFKA_TOPIC_PREFIX = `${(shared ?? 'test.').replace(/\.$/, '')}-${label}.`;
  return () => {
    if (shared === undefined) delete process.env.KAFKA_TOPIC_PREFIX;
    else process.env.KAFKA_TOPIC_PREFIX = shared;
  };
}
