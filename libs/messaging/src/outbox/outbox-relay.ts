import type { Kafka, Message, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { CLOUDEVENTS_CONTENT_TYPE } from '@chairside/contracts';
import { counter, gauge, histogram } from '@chairside/platform';
import { backoffDelay } from '../kafka/backoff.js';
import { physicalTopic } from '../config/topic-names.js';
import { TOMBSTONE_EVENT_TYPE } from './outbox-writer.js';

export interface OutboxRelayOptions {
  service: string;
  batchSize?: number;
  /** How often to look for rows written by other instances when nothing woke the relay. */
  idlePollMs?: number;
  /** Published rows are kept this long for audit, then deleted. */
  retainPublishedMs?: number;
  /**
   * After a commit wakes an idle relay, wait this long for more commits before reading: under
   * load, one pass then carries several events instead of costing five queries per event.
   */
  gatherMs?: number;
}

interface OutboxRow {
  position: string;
  event_id: string;
  topic: string;
  message_key: string;
  event_type: string;
  payload: string;
  created_at: Date;
}

/** pg_try_advisory_xact_lock key: one relay per service database publishes at a time. */
const RELAY_LOCK_KEY = 4_214_070_731;

/**
 * Publishes outbox rows to Kafka in position order.
 *
 * - No skipped rows: it always reads the oldest *unpublished* rows, never "after the last id",
 *   so a transaction that commits late (holding a lower position) is published on the next pass.
 * - Per-aggregate order: one relay per database holds an advisory lock for each pass, and one
 *   aggregate's events are inserted in order under that aggregate's row lock.
 * - Low latency: a committed unit of work wakes the relay at once; polling only covers rows
 *   written by other instances. No LISTEN/NOTIFY (it serialises commits under load).
 * - At least once: a crash between send and UPDATE republishes; consumers dedupe by event id.
 */
export class OutboxRelay {
  private producer: Producer | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private lastError: string | undefined;
  private passStartedAt: number | undefined;
  private housekeepingTimer: NodeJS.Timeout | undefined;
  private housekeepingRun: Promise<void> | undefined;
  private readonly batchSize: number;
  private readonly gatherMs: number;
  private readonly idlePollMs: number;
  private readonly retainPublishedMs: number;
  private readonly published = counter('chairside_outbox_published_total', 'Events published from the outbox', ['service']);
  private readonly backlog = gauge('chairside_outbox_backlog', 'Outbox rows not yet published', ['service']);
  private readonly lag = histogram(
    'chairside_outbox_publish_delay_seconds',
    'Commit-to-publish delay',
    ['service'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.idlePollMs = options.idlePollMs ?? 200;
    this.retainPublishedMs = options.retainPublishedMs ?? 24 * 3600 * 1000;
    this.gatherMs = options.gatherMs ?? 5;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    // Off the publishing path: a slow purge must never delay a publish.
    this.housekeepingTimer = setInterval(() => {
      this.housekeepingRun ??= this.housekeeping()
        .catch((error: unknown) => this.logger.warn({ component: 'outbox-relay', err: error }, 'outbox housekeeping failed'))
        .finally(() => (this.housekeepingRun = undefined));
    }, 10_000);
    this.housekeepingTimer.unref();
  }

  /** Called after a unit of work commits: publish now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.housekeepingTimer);
    this.wake();
    await this.loop;
    await this.housekeepingRun;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  health(): { up: boolean; degraded?: boolean; details: Record<string, unknown> } {
    // Writes still commit safely while Kafka is away; the service is degraded, not down.
    const stuckFor = this.passStartedAt ? Date.now() - this.passStartedAt : 0;
    if (this.lastError || stuckFor > 3_000) {
      return {
        up: true,
        degraded: true,
        details: {
          ...(this.lastError ? { lastError: this.lastError } : {}),
          ...(stuckFor > 3_000 ? { publishingForMs: stuckFor } : {}),
        },
      };
    }
    return { up: true, details: {} };
  }

  /** Publishes one batch; returns how many rows it published. Exposed for tests and benchmarks. */
  async relayOnce(): Promise<number> {
    this.passStartedAt = Date.now();
    try {
      return await this.publishBatch();
    } finally {
      this.passStartedAt = undefined;
    }
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK_KEY])) as [
        { locked: boolean },
      ];
      if (!locked) return 0;
      const rows = (await manager.query(
        `SELECT position, event_id, topic, message_key, event_type, payload, created_at
           FROM outbox WHERE published_at IS NULL ORDER BY position LIMIT $1`,
        [this.batchSize],
      )) as OutboxRow[];
      if (!rows.length) return 0;
      const producer = await this.connectedProducer();
      const byTopic = new Map<string, Message[]>();
      for (const row of rows) {
        const messages = byTopic.get(row.topic) ?? [];
        messages.push(
          row.event_type === TOMBSTONE_EVENT_TYPE
            ? { key: row.message_key, value: null }
            : {
                key: row.message_key,
                value: row.payload,
                headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE, ce_id: row.event_id, ce_type: row.event_type },
              },
        );
        byTopic.set(row.topic, messages);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic: physicalTopic(topic), messages })),
      });
      await manager.query('UPDATE outbox SET published_at = clock_timestamp() WHERE position = ANY($1::bigint[])', [
        rows.map((r) => r.position),
      ]);
      const now = Date.now();
      for (const row of rows) this.lag.labels(this.options.service).observe((now - new Date(row.created_at).getTime()) / 1000);
      this.published.labels(this.options.service).inc(rows.length);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.woken = false;
      try {
        const count = await this.relayOnce();
        if (failures) this.logger.info({ component: 'outbox-relay' }, 'outbox relay publishing again');
        failures = 0;
        this.lastError = undefined;
        if (count === this.batchSize) continue;
        await this.idle(this.idlePollMs);
      } catch (error) {
        failures++;
        this.lastError = (error as Error).message;
        // A producer that saw a broker restart or a sequence error is replaced, not reused.
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = undefined;
        const delay = backoffDelay(failures, 100, 5_000);
        this.logger.warn(
          { component: 'outbox-relay', err: error, attempt: failures, retryInMs: delay },
          'outbox relay could not publish; will retry',
        );
        await this.idle(delay);
      }
    }
  }

  private async idle(ms: number): Promise<void> {
    if (this.woken || !this.running) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        if (this.gatherMs > 0 && this.running) setTimeout(resolve, this.gatherMs);
        else resolve();
      };
    });
    this.wakeUp = undefined;
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    // Idempotent with one request in flight: kafkajs drops or reorders under concurrent sends (#598, #1005).
    // Few retries per pass: a pass must end (and its transaction close) when Kafka is away; the
    // relay loop retries with its own backoff and a fresh producer.
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async housekeeping(): Promise<void> {
    const [{ count }] = (await this.dataSource.query('SELECT count(*)::int AS count FROM outbox WHERE published_at IS NULL')) as [
      { count: number },
    ];
    this.backlog.labels(this.options.service).set(count);
    // Walks the primary key from the oldest row, below the oldest unpublished one, so each run
    // reads at most 10,000 rows however large the table is (published_at has no index).
    await this.dataSource.query(
      `DELETE FROM outbox WHERE position IN (
         SELECT position FROM outbox
          WHERE position < coalesce((SELECT min(position) FROM outbox WHERE published_at IS NULL), 9223372036854775807)
          ORDER BY position LIMIT 10000)
       AND published_at < now() - make_interval(secs => $1)`,
      [this.retainPublishedMs / 1000],
    );
  }
}
