import type { Consumer } from 'kafkajs';
import { backoffDelay, sleep } from '../kafka/backoff.js';

/**
 * Subscribes once the broker's metadata knows every topic. A topic another service has just
 * created is listed before each broker hosts its partitions, and kafkajs' subscribe does not retry
 * the broker's "does not host this topic-partition" (retriable, code 3): a service starting beside
 * the one that created its topics then died at start (a local test run lost a file so; CI likely
 * too). Bounded: ten tries, nine waits of full-jitter backoff capped at 5 s (14–28 s in all); a
 * topic still unknown then is a real fault, and the start fails with it.
 */
export async function subscribeOnceKnown(
  consumer: Pick<Consumer, 'subscribe'>,
  topics: string[],
  wait: (ms: number) => Promise<void> = sleep,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await consumer.subscribe({ topics, fromBeginning: true });
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || attempt >= 10) throw error;
      await wait(backoffDelay(attempt, 250, 5_000));
    }
  }
}
