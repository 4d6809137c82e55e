import { randomUUID } from 'node:crypto';
import kafkajs, { type EachBatchPayload } from 'kafkajs';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { buildEvent, type CloudEvent, LocationRegisteredV1 } from '@chairside/contracts';
import type { EventContext } from './event-context.js';
import { KafkaEventServer } from './kafka-event-server.js';

/**
 * The consumer applies the runs that several partitions' batches hand in at once in one shared
 * transaction (group commit, KafkaEventServer.applyTogether), and a run that fails there is tried
 * alone, so one partition's failing event holds back no other partition. The database is a stand-in
 * that keeps a transaction's writes only if its callback returns (a rollback otherwise), so "applied
 * once" is counted on what would have been committed; the real transaction, inbox and broker are
 * the integration tests' (reporting's visit-facts.int and events-beside-reports.int, the platform's
 * dead-letter.int and kafka-outage.int).
 */
describe('KafkaEventServer: runs of several partitions in one transaction', () => {
  interface Transaction {
    events: string[];
    committed: boolean;
  }

  /** Every event the tests built, by id: what the inbox claim's parameters are looked up in. */
  const built = new Set<string>();

  /**
   * A consumer over the stand-in database. `failFirst`: how many more times an event's handler
   * throws. `hold`: what each transaction waits for before its commit (to keep transactions open).
   */
  function consumerWith(
    failFirst: Map<string, number>,
    transactionBatchSize = 500,
    hold: () => Promise<void> = () => Promise.resolve(),
  ) {
    const transactions: Transaction[] = [];
    const seen = new Set<string>();
    let open = 0;
    let mostOpen = 0;
    const dataSource = {
      async transaction<T>(work: (manager: unknown) => Promise<T>): Promise<T> {
        const tx: Transaction = { events: [], committed: false };
        transactions.push(tx);
        mostOpen = Math.max(mostOpen, ++open);
        const manager = {
          tx,
          // The inbox claim: every event id among its parameters not committed before is fresh,
          // returned once however often it is there (ON CONFLICT DO NOTHING RETURNING returns the row it inserted, once).
          async query(_sql: string, values: unknown[]) {
            const ids = new Set(values.filter((v): v is string => typeof v === 'string' && built.has(v)));
            return [...ids].filter((id) => !seen.has(id)).map((event_id) => ({ event_id }));
          },
        };
        try {
          const result = await work(manager);
          await hold();
          tx.committed = true;
          for (const id of tx.events) seen.add(id);
          return result;
        } finally {
          open--;
        }
      },
    } as unknown as DataSource;
    const server = new KafkaEventServer({
      service: 'reporting',
      kafka: new kafkajs.Kafka({ clientId: 'shared-transactions-test', brokers: ['127.0.0.1:9'] }),
      groupId: 'shared-transactions-test',
      dataSource,
      logger: pino({ level: 'silent' }),
      retryBaseMs: 1,
      retryMaxMs: 2,
      maxAttempts: 5,
      transactionBatchSize,
      onFatal: (error) => {
        throw error;
      },
    });
    server.addHandler(
      LocationRegisteredV1.type,
      async (event: CloudEvent<unknown>, context: EventContext) => {
        const left = failFirst.get(event.id) ?? 0;
        if (left > 0) {
          failFirst.set(event.id, left - 1);
          throw new Error('this event fails for now');
        }
        (context.manager as unknown as { tx: Transaction }).tx.events.push(event.id);
      },
      true,
    );
    const handleBatch = (payload: EachBatchPayload) =>
      (server as unknown as { handleBatch(p: EachBatchPayload): Promise<void> }).handleBatch(payload);
    const committed = () => transactions.filter((t) => t.committed);
    return { transactions, committed, handleBatch, mostOpen: () => mostOpen, open: () => open };
  }

  const events = (n: number) =>
    Array.from({ length: n }, () => {
      const locationId = randomUUID();
      const event = buildEvent(
        LocationRegisteredV1,
        { locationId, organisationId: randomUUID(), name: 'Center', timeZone: 'America/Chicago' },
        { aggregateId: locationId, aggregateSequence: 1, correlationId: randomUUID() },
      );
      built.add(event.id);
      return event;
    });

  /** A fetch's batch of one partition, as kafkajs hands it to eachBatch; `resolved` collects the offsets resolved. */
  function batchOf(partition: number, batchEvents: Array<CloudEvent<unknown>>) {
    const resolved: string[] = [];
    const messages = batchEvents.map((event, i) => ({
      key: Buffer.from(event.id),
      value: Buffer.from(JSON.stringify(event)),
      offset: String(i),
      timestamp: String(Date.now()),
      attributes: 0,
      headers: {},
    }));
    const payload = {
      batch: {
        topic: 'scheduling.locations',
        partition,
        messages,
        highWatermark: String(messages.length),
        lastOffset: () => String(messages.length - 1),
      },
      resolveOffset: (offset: string) => resolved.push(offset),
      heartbeat: async () => undefined,
      commitOffsetsIfNecessary: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload;
    return { payload, resolved };
  }

  it('applies the batches that partitions hand in together in one transaction, each event once, each partition in its order', async () => {
    const { transactions, committed, handleBatch } = consumerWith(new Map());
    const byPartition = [events(3), events(1), events(2)];
    const batches = byPartition.map((e, partition) => batchOf(partition, e));
    await Promise.all(batches.map((b) => handleBatch(b.payload)));

    expect(transactions).toHaveLength(1);
    expect(committed()[0]!.events).toEqual(byPartition.flat().map((e) => e.id));
    expect(batches.map((b) => b.resolved)).toEqual([['2'], ['0'], ['1']]);

    // Runs handed in together later go together in a transaction of their own.
    const later = [events(2), events(2)];
    const first = batchOf(3, events(1));
    const pending = handleBatch(first.payload);
    await new Promise((r) => setImmediate(r));
    const next = later.map((e, i) => batchOf(4 + i, e));
    await Promise.all([pending, ...next.map((b) => handleBatch(b.payload))]);
    expect(transactions).toHaveLength(3);
    expect(committed()[2]!.events).toEqual(later.flat().map((e) => e.id));
  });

  it('keeps at most two shared transactions open; the runs handed in meanwhile wait, and go together in the next', async () => {
    const releases: Array<() => void> = [];
    const { transactions, committed, handleBatch, mostOpen, open } = consumerWith(
      new Map(),
      500,
      () => new Promise<void>((release) => releases.push(release)),
    );
    const turn = () => new Promise((r) => setImmediate(r));
    const [first, second, third, fourth] = [events(1), events(1), events(2), events(1)];
    const handled = [handleBatch(batchOf(0, first).payload)];
    await turn();
    handled.push(handleBatch(batchOf(1, second).payload));
    await turn();
    handled.push(handleBatch(batchOf(2, third).payload), handleBatch(batchOf(3, fourth).payload));
    await turn();
    // Two open, each waiting for its commit; the third and fourth partitions' runs wait in the queue.
    expect(open()).toBe(2);
    expect(transactions).toHaveLength(2);
    while (transactions.some((t) => !t.committed) || releases.length) {
      releases.shift()?.();
      await turn();
    }
    await Promise.all(handled);

    expect(mostOpen()).toBe(2);
    expect(committed().map((t) => t.events)).toEqual([
      first.map((e) => e.id),
      second.map((e) => e.id),
      [...third, ...fourth].map((e) => e.id),
    ]);
  });

  it('puts at most CONSUMER_TRANSACTION_BATCH events in a shared transaction; the rest go in the next', async () => {
    const { transactions, handleBatch } = consumerWith(new Map(), 4);
    const byPartition = [events(2), events(2), events(3), events(1)];
    await Promise.all(byPartition.map((e, partition) => handleBatch(batchOf(partition, e).payload)));

    // 2 + 2, then 3 + 1: no transaction over 4, none smaller than the limit let it be.
    expect(transactions.map((t) => t.events.length)).toEqual([4, 4]);
    expect(transactions.every((t) => t.committed)).toBe(true);
  });

  it('applies an event that a batch holds twice, or two partitions do, once', async () => {
    const { committed, handleBatch } = consumerWith(new Map());
    const [once, again] = [events(1)[0]!, events(1)[0]!];
    await Promise.all([handleBatch(batchOf(0, [once, again, once]).payload), handleBatch(batchOf(1, [again]).payload)]);

    expect(committed().flatMap((t) => t.events)).toEqual([once.id, again.id]);
  });

  it('tries each run of a failed shared transaction alone: the other partitions commit without their events retried', async () => {
    const [a, b, c] = [events(2), events(2), events(2)];
    // b's second event fails twice (in the shared transaction, then in its run alone), then applies.
    const { transactions, committed, handleBatch } = consumerWith(new Map([[b[1]!.id, 2]]));
    const batches = [a, b, c].map((e, partition) => batchOf(partition, e));
    await Promise.all(batches.map((x) => handleBatch(x.payload)));

    // First the shared one, rolled back; then a, b and c alone (b rolled back); then b's events one by one.
    expect(transactions[0]!.committed).toBe(false);
    expect(transactions.filter((t) => !t.committed)).toHaveLength(2);
    const ids = (events: Array<CloudEvent<unknown>>) => events.map((e) => e.id);
    expect(committed().map((t) => t.events)).toEqual(expect.arrayContaining([ids(a), ids(c), [b[0]!.id], [b[1]!.id]]));
    expect(committed()).toHaveLength(4);
    // Every event committed exactly once, and every batch's last offset resolved.
    expect(
      committed()
        .flatMap((t) => t.events)
        .sort(),
    ).toEqual(ids([...a, ...b, ...c]).sort());
    expect(batches.map((x) => x.resolved.at(-1))).toEqual(['1', '1', '1']);
  });
});
