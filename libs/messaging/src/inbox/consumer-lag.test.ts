import { jest } from '@jest/globals';
import { type ConsumerLag, ConsumerLagProbe } from './consumer-lag.js';

const lag = (messages: number, measuredAt = new Date()): ConsumerLag => ({
  group: 'reporting',
  messages,
  topics: [],
  measuredAt: measuredAt.toISOString(),
});

describe('ConsumerLagProbe: how far behind, without making every report wait for Kafka', () => {
  afterEach(() => jest.useRealTimers());

  it('asks Kafka at most once a second, and serves the last answer while it asks again', async () => {
    jest.useFakeTimers({ now: new Date('2027-03-01T10:00:00Z') });
    const probe = new ConsumerLagProbe();
    const answers: Array<(l: ConsumerLag) => void> = [];
    probe.attach(() => new Promise<ConsumerLag>((resolve) => answers.push(resolve)));
    const first = probe.measure();
    expect(answers).toHaveLength(1);
    answers[0]!(lag(5));
    expect(await first).toMatchObject({ messages: 5 });
    // Within the second: the same answer, Kafka not asked.
    expect(await probe.measure()).toMatchObject({ messages: 5 });
    expect(answers).toHaveLength(1);
    // After it: Kafka asked again, the caller served the 1.5 s old answer at once.
    jest.setSystemTime(new Date('2027-03-01T10:00:01.500Z'));
    expect(await probe.measure()).toMatchObject({ messages: 5 });
    expect(answers).toHaveLength(2);
    answers[1]!(lag(0));
    await Promise.resolve();
    expect(await probe.measure()).toMatchObject({ messages: 0 });
  });

  it('waits for a new measurement when the last one is over 2 s old', async () => {
    jest.useFakeTimers({ now: new Date('2027-03-01T10:00:00Z') });
    const probe = new ConsumerLagProbe();
    const answers: Array<(l: ConsumerLag) => void> = [];
    probe.attach(() => new Promise<ConsumerLag>((resolve) => answers.push(resolve)));
    const first = probe.measure();
    answers[0]!(lag(5));
    await first;
    jest.setSystemTime(new Date('2027-03-01T10:00:03Z'));
    const second = probe.measure();
    let settled = false;
    void second.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    answers[1]!(lag(2));
    expect(await second).toMatchObject({ messages: 2 });
  });
});
