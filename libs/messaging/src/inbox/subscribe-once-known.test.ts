import kafkajs from 'kafkajs';
import { subscribeOnceKnown } from './subscribe-once-known.js';

// The broker's answer for a topic it does not host yet (code 3), retriable as kafkajs marks it.
const notHostedYet = () => new kafkajs.KafkaJSError('This server does not host this topic-partition', { retriable: true });

function consumerFailing(times: number, error: () => Error) {
  const calls: Array<{ topics: string[]; fromBeginning: boolean }> = [];
  return {
    calls,
    subscribe: async (subscription: { topics: string[]; fromBeginning: boolean }) => {
      calls.push(subscription);
      if (calls.length <= times) throw error();
    },
  };
}

describe('subscribeOnceKnown', () => {
  const waits: number[] = [];
  const wait = async (ms: number) => {
    waits.push(ms);
  };
  beforeEach(() => (waits.length = 0));

  it('subscribes again, after a growing wait, while the broker does not host a new topic yet', async () => {
    const consumer = consumerFailing(3, notHostedYet);
    await subscribeOnceKnown(consumer as never, ['t.a', 't.b'], wait);
    expect(consumer.calls).toHaveLength(4);
    expect(consumer.calls[3]).toEqual({ topics: ['t.a', 't.b'], fromBeginning: true });
    expect(waits).toHaveLength(3);
    // Full-jitter backoff: each wait lies between half and all of 250 ms × 2^(attempt-1).
    waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual((250 * 2 ** i) / 2);
      expect(ms).toBeLessThanOrEqual(250 * 2 ** i);
    });
  });

  it('fails at once on an error that retrying cannot mend', async () => {
    const refused = new kafkajs.KafkaJSError('Not authorized to access topics: [Topic authorization failed]', {
      retriable: false,
    });
    const consumer = consumerFailing(1, () => refused);
    await expect(subscribeOnceKnown(consumer as never, ['t.a'], wait)).rejects.toBe(refused);
    expect(consumer.calls).toHaveLength(1);
    expect(waits).toHaveLength(0);
  });

  it('gives up after ten tries on a topic that never appears, with the broker’s error', async () => {
    const consumer = consumerFailing(Number.POSITIVE_INFINITY, notHostedYet);
    await expect(subscribeOnceKnown(consumer as never, ['t.a'], wait)).rejects.toThrow('does not host this topic-partition');
    expect(consumer.calls).toHaveLength(10);
    expect(waits).toHaveLength(9);
    // The cap: waits of 250, 500, 1,000, 2,000, 4,000 ms, then 5,000 four times, each at least half.
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(27_750 / 2);
    expect(total).toBeLessThanOrEqual(27_750);
  });

  it('fails at once on an error that says nothing of retrying (a plain Error)', async () => {
    const broken = new Error('socket hang up in a test double');
    const consumer = consumerFailing(1, () => broken);
    await expect(subscribeOnceKnown(consumer as never, ['t.a'], wait)).rejects.toBe(broken);
    expect(consumer.calls).toHaveLength(1);
    expect(waits).toHaveLength(0);
  });
});
