import kafkajs, { type Admin, type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage } from 'kafkajs';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { decodeEvent, findEventDefinition, type CloudEvent, type ServiceName } from '@chairside/contracts';
import { counter, gauge, histogram, requestContext, type ProbeResult } from '@chairside/platform';
import { sleep } from '../kafka/backoff.js';
import { subscribeOnceKnown } from './subscribe-once-known.js';
import { COORDINATOR_CRASHES_QUIET, isCoordinatorStarting } from '../kafka/kafka-client.js';
import { faultArmed, type FaultInjection, killIfArmed, NO_FAULTS } from '../config/fault-injection.js';
import { physicalTopic } from '../config/topic-names.js';
import { DeadLetterPublisher, type DeadLetterReason } from './dead-letter.js';
import { type ConsumerLag, measureGroupLag } from './consumer-lag.js';
import { EventContext } from './event-context.js';
import { StagedWrites } from './staged-writes.js';
import { claimInInbox } from './inbox-claim.js';
import type { WorkInFlight } from './inbox-activity.js';
import { describeError, isFatalCrash, poisonAttempts, RetryPolicy } from './retry-policy.js';

export interface KafkaEventServerOptions {
  service: ServiceName;
  kafka: Kafka;
  groupId: string;
  dataSource: DataSource;
  logger: Logger;
  /** Attempts for a handler that throws (non-transient) before its message is dead-lettered. */
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Messages applied in one database transaction when none of them fails (the runs of several partitions together at most). */
  transactionBatchSize?: number;
  /** Called once when the consumer has died and will not recover; the process must exit. */
  onFatal: (error: Error) => void;
  /** Tests only: where to make the process fail (CHAIRSIDE_FAULT). */
  faults?: FaultInjection;
  /** Counts the runs being applied (begin to commit or give-up), for work that gives way to them. */
  activity?: WorkInFlight;
  /** Called after a transaction with new events commits (benchmarks, tests). */
  onApplied?: (events: ReadonlyArray<CloudEvent<unknown>>) => void;
}

/**
 * Shared transactions in flight at once per consumer (applyTogether): two, so one's JavaScript runs
 * while the other's statements run in PostgreSQL, as the six partitions' own transactions overlapped
 * them in a replay before; at a steady rate a fetch's runs go together in the first.
 */
const SHARED_TRANSACTIONS_AT_ONCE = 2;

type ConsumerState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'crashed';

interface Decoded {
  kind: 'event';
  event: CloudEvent<unknown>;
  message: KafkaMessage;
}
interface Skipped {
  kind: 'skip';
  message: KafkaMessage;
}
type Prepared = Decoded | Skipped;

/** A run of one partition's batch, to apply in a transaction. */
interface PartitionRun {
  topic: string;
  partition: number;
  run: Prepared[];
}

/**
 * A Nest transport (handlers stay plain @OnEvent, i.e. @EventPattern, methods) that owns the kafkajs consumer
 * loop, because Nest's own Kafka transport has no dead-letter topic, lets one throwing handler
 * block its partition forever, and processes one message per round trip. See docs/messaging.md.
 *
 * Per message: decode and validate (contracts) → poison goes to the dead-letter topic →
 * inbox row + handler effects in one transaction → offset resolved after commit → committed.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | undefined;
  private admin: Promise<Admin> | undefined;
  private deadLetters: DeadLetterPublisher;
  private state: ConsumerState = 'idle';
  private crashError: string | undefined;
  /** Crashes on a loading group coordinator so far: the first few are a fresh broker's, logged at info. */
  private coordinatorCrashes = 0;
  /** Next offset to commit per partition: what has been applied and resolved this generation. */
  private readonly resolvedOffsets = new Map<string, { topic: string; partition: number; offset: string }>();
  private batchesInFlight = 0;
  private whenIdle: Array<() => void> = [];
  /** Runs handed in by the partitions' batches for the next shared transaction (applyTogether). */
  private readonly together: Array<PartitionRun & { settle: (error?: unknown) => void }> = [];
  /** Loops applying the queued runs (applyQueued), at most SHARED_TRANSACTIONS_AT_ONCE. */
  private sharing = 0;
  private readonly handlerCache = new Map<string, MessageHandler | null>();
  private readonly retries: RetryPolicy;
  private readonly faults: FaultInjection;
  private readonly handled = counter('chairside_consumer_events_total', 'Events received by outcome', [
    'service',
    'type',
    'outcome',
  ]);
  private readonly appliedLatency = histogram(
    'chairside_consumer_event_age_seconds',
    'Event time to inbox commit',
    ['service'],
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
  );
  private readonly lagGauge = gauge('chairside_consumer_lag', 'Messages behind the partition high watermark', [
    'service',
    'topic',
    'partition',
  ]);

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    this.retries = new RetryPolicy({
      maxAttempts: options.maxAttempts ?? 5,
      retryBaseMs: options.retryBaseMs ?? 200,
      retryMaxMs: options.retryMaxMs ?? 10_000,
    });
    this.faults = options.faults ?? NO_FAULTS;
    this.deadLetters = new DeadLetterPublisher(options.kafka, options.service, options.groupId, options.logger);
  }

  /** Topics to subscribe to, derived from the @OnEvent handlers (event types). */
  subscribedTopics(): string[] {
    const topics = new Set<string>();
    for (const pattern of this.getHandlers().keys()) {
      const definition = findEventDefinition(pattern);
      if (!definition) throw new Error(`@EventPattern('${pattern}') names no event in the contracts catalog`);
      topics.add(physicalTopic(definition.topic.name));
    }
    return [...topics].sort();
  }

  /** Messages between the group's committed offsets and the ends of its topics' partitions. */
  async lag(): Promise<ConsumerLag> {
    this.admin ??= (async () => {
      const admin = this.options.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return measureGroupLag(await this.admin, this.options.groupId, this.subscribedTopics());
  }

  health(): ProbeResult {
    const details = { state: this.state, group: this.options.groupId, ...(this.crashError ? { error: this.crashError } : {}) };
    return { up: this.state === 'running' || this.state === 'idle', details };
  }

  liveness(): ProbeResult {
    return { up: this.state !== 'crashed', details: { state: this.state } };
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const topics = this.subscribedTopics();
    if (!topics.length) return; // a service with no handlers consumes nothing and stays 'idle'
    this.state = 'starting';
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((this.options.sessionTimeoutMs ?? 30_000) / 3)),
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 10 },
    });
    this.consumer = consumer;
    const { CRASH, GROUP_JOIN } = consumer.events;
    consumer.on(GROUP_JOIN, ({ payload }) => {
      // A new generation: partitions may have moved; offsets of the old one were committed or will be redelivered.
      this.resolvedOffsets.clear();
      this.state = 'running';
      this.options.logger.info(
        { component: 'consumer', group: payload.groupId, assignment: payload.memberAssignment },
        'joined consumer group',
      );
    });
    consumer.on(CRASH, ({ payload }) => {
      if (isFatalCrash(payload)) return this.fail(payload.error);
      // A coordinator still loading on a broker that just started is the normal first minute of a
      // fresh broker, not a warning (kafka-client.ts keeps kafkajs's own lines on it at debug too).
      if (isCoordinatorStarting(payload.error) && ++this.coordinatorCrashes <= COORDINATOR_CRASHES_QUIET)
        this.options.logger.info({ component: 'consumer', err: payload.error }, 'consumer restarts: group coordinator loading');
      else this.options.logger.warn({ component: 'consumer', err: payload.error }, 'consumer crashed; kafkajs restarts it');
    });
    // STOP is not a failure signal: kafkajs emits it when it restarts the consumer after a
    // retriable crash (e.g. the broker went away). Only CRASH with restart=false is terminal.
    await consumer.connect();
    await subscribeOnceKnown(consumer, topics);
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      autoCommitThreshold: 500,
      eachBatchAutoResolve: false,
      // kafkajs hands out the next fetch only when every partition of the last one is done: work on all at once.
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 6,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.options.logger.info({ component: 'consumer', group: this.options.groupId, topics }, 'consuming');
  }

  private fail(error: Error): void {
    if (this.state === 'crashed') return;
    this.state = 'crashed';
    this.crashError = error.message;
    this.options.logger.fatal({ component: 'consumer', err: error }, 'consumer crashed and will not recover; exiting');
    this.options.onFatal(error);
  }

  async close(): Promise<void> {
    const crashed = this.state === 'crashed';
    if (!crashed) this.state = 'stopping';
    if (this.consumer && !crashed) {
      // Batches stop between messages; wait for them, then commit what was applied while still a
      // member of the group (kafkajs' own stop leaves the group without committing).
      await this.idle(20_000);
      const offsets = [...this.resolvedOffsets.values()];
      if (offsets.length) {
        await this.consumer
          .commitOffsets(offsets)
          .catch((error: unknown) =>
            this.options.logger.warn({ err: error }, 'could not commit offsets on shutdown; they will be redelivered'),
          );
      }
    }
    await this.consumer
      ?.disconnect()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'consumer disconnect failed'));
    await this.deadLetters.close();
    await this.admin?.then((admin) => admin.disconnect()).catch(() => undefined);
    if (this.state !== 'crashed') this.state = 'stopped';
  }

  on(): never {
    throw new Error('KafkaEventServer does not support on()');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private idle(timeoutMs: number): Promise<void> {
    if (this.batchesInFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.whenIdle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    if (this.state === 'stopping') return; // left unresolved: redelivered to whoever consumes next
    this.batchesInFlight++;
    try {
      await this.processBatch(payload);
    } finally {
      if (--this.batchesInFlight === 0) for (const notify of this.whenIdle.splice(0)) notify();
    }
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    if (faultArmed('consumer-non-retriable-error', this.faults))
      throw new kafkajs.KafkaJSNonRetriableError('injected consumer failure');
    const keepGoing = () => isRunning() && !isStale() && this.state !== 'stopping';
    const resolveOffset = (offset: string) => this.resolve(payload, offset);
    let run: Prepared[] = [];
    const flush = async () => {
      if (!run.length) return true;
      const done = await this.applyRun(run, payload);
      run = [];
      return done;
    };
    for (const message of batch.messages) {
      if (!keepGoing()) break;
      if (message.value === null) {
        // A tombstone on a compacted topic (an erasure): the event before it did the work.
        run.push({ kind: 'skip', message });
        continue;
      }
      const decoded = decodeEvent(message.value);
      if (!decoded.ok) {
        if (!(await flush())) return;
        if (
          !(await this.deadLetter(
            batch.topic,
            batch.partition,
            message,
            decoded.reason,
            decoded.error,
            poisonAttempts,
            keepGoing,
          ))
        )
          return;
        resolveOffset(message.offset);
        continue;
      }
      const handled = this.handlerFor(decoded.event.type) !== null;
      run.push(handled ? { kind: 'event', event: decoded.event, message } : { kind: 'skip', message });
      if (run.length >= (this.options.transactionBatchSize ?? 500)) {
        if (!(await flush())) return;
      }
    }
    if (!(await flush())) return;
    const lag = Number(batch.highWatermark) - Number(batch.lastOffset()) - 1;
    this.lagGauge.labels(this.options.service, batch.topic, String(batch.partition)).set(Math.max(0, lag));
    await commitOffsetsIfNecessary();
  }

  /**
   * Fast path: the whole run in one transaction. If anything in it fails, roll back and apply
   * the messages one by one, so only the failing one is retried or dead-lettered.
   * Returns false when the consumer is stopping and the rest of the batch must be left alone.
   */
  private resolve(payload: EachBatchPayload, offset: string): void {
    payload.resolveOffset(offset);
    const { topic, partition } = payload.batch;
    this.resolvedOffsets.set(`${topic}|${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
  }

  private async applyRun(run: Prepared[], payload: EachBatchPayload): Promise<boolean> {
    const { isRunning, isStale } = payload;
    const keepGoing = () => isRunning() && !isStale() && this.state !== 'stopping';
    const resolveOffset = (offset: string) => this.resolve(payload, offset);
    const done = this.options.activity?.begin();
    try {
      return await this.applyRunCounted(run, payload, keepGoing, resolveOffset);
    } finally {
      done?.();
    }
  }

  private async applyRunCounted(
    run: Prepared[],
    payload: EachBatchPayload,
    keepGoing: () => boolean,
    resolveOffset: (offset: string) => void,
  ): Promise<boolean> {
    const { batch, heartbeat } = payload;
    try {
      await this.applyTogether({ topic: batch.topic, partition: batch.partition, run });
    } catch {
      for (const item of run) {
        if (!keepGoing()) return false;
        if (!(await this.applyWithRetries(batch.topic, batch.partition, item, heartbeat, keepGoing))) return false;
        killIfArmed('kill-after-inbox-commit', this.faults, eventIdsOf([item]));
        resolveOffset(item.message.offset);
      }
      return true;
    }
    killIfArmed('kill-after-inbox-commit', this.faults, eventIdsOf(run));
    resolveOffset(run[run.length - 1]!.message.offset);
    await heartbeat();
    return true;
  }

  private async applyWithRetries(
    topic: string,
    partition: number,
    item: Prepared,
    heartbeat: () => Promise<void>,
    keepGoing: () => boolean,
  ): Promise<boolean> {
    const attempts = this.retries.forMessage();
    while (keepGoing()) {
      try {
        await this.applyInTransaction([{ topic, partition, run: [item] }]);
        return true;
      } catch (error) {
        const decision = attempts.onFailure(error, item.kind === 'event');
        if (decision.action === 'dead-letter') {
          if (item.kind !== 'event') return false; // not reached: only events are dead-lettered
          this.handled.labels(this.options.service, item.event.type, 'dead_lettered').inc();
          const moved = await this.deadLetter(
            topic,
            partition,
            item.message,
            'handler-failed',
            describeError(error),
            decision.attempts,
            keepGoing,
          );
          if (moved) await this.recordDeadLettered(topic, partition, item.event, item.message).catch(() => undefined);
          return moved;
        }
        if (decision.action === 'wait-for-database') {
          // The database is away: wait for it however long it takes; the message is not at fault.
          this.options.logger.warn(
            { component: 'consumer', err: error, retryInMs: decision.delayMs },
            'database unavailable; retrying event',
          );
        } else {
          this.options.logger.warn(
            {
              component: 'consumer',
              err: error,
              attempt: decision.attempt,
              maxAttempts: this.retries.options.maxAttempts,
              retryInMs: decision.delayMs,
              eventType: item.kind === 'event' ? item.event.type : undefined,
            },
            'event handler failed; retrying',
          );
        }
        await sleep(decision.delayMs);
        await heartbeat().catch(() => undefined);
      }
    }
    return false;
  }

  /**
   * Applies `part` in the next transaction, shared with the runs the other partitions' batches hand
   * in meanwhile (group commit): kafkajs hands the batches of one fetch to the partitions at once,
   * and at a steady rate each holds an event or two, so a transaction per partition was most of the
   * consumer's round trips (begin, inbox claim, writes, commit, each way through the one event loop)
   * and of PostgreSQL's commits, for a handful of events (issue 21: the inbox transactions sat idle
   * waiting for the event loop). At most two shared transactions are in flight (the slow path's runs
   * beside them); the runs that arrive meanwhile go together in the next, up to
   * CONSUMER_TRANSACTION_BATCH events (nextGroup). If a shared transaction fails, each of its runs is tried alone,
   * so one partition's poison message never holds back another's: the run that fails alone is
   * rejected, and its batch applies it message by message (applyRunCounted).
   */
  private applyTogether(part: PartitionRun): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.together.push({ ...part, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (this.sharing >= SHARED_TRANSACTIONS_AT_ONCE) return;
      this.sharing++;
      // After the other partitions of this fetch have handed theirs in (they are called in the same
      // turn): the first loop takes them all, up to the limit, and a second finds the rest or nothing.
      setImmediate(() => void this.applyQueued());
    });
  }

  private async applyQueued(): Promise<void> {
    try {
      while (this.together.length) {
        const group = this.nextGroup();
        try {
          await this.applyInTransaction(group);
          for (const part of group) part.settle();
        } catch (error) {
          if (group.length === 1) {
            group[0]!.settle(error ?? new Error('the inbox transaction failed'));
            continue;
          }
          for (const part of group) {
            try {
              await this.applyInTransaction([part]);
              part.settle();
            } catch (alone) {
              part.settle(alone ?? new Error('the inbox transaction failed'));
            }
          }
        }
      }
    } finally {
      this.sharing--;
    }
  }

  /**
   * The runs waiting, in the order handed in, up to CONSUMER_TRANSACTION_BATCH events in all (the
   * first run whatever its size: a batch's runs are cut to that size already), so a shared
   * transaction is never larger than a run may be, nor its statements' parameters more than
   * PostgreSQL takes; the rest go in the next.
   */
  private nextGroup(): Array<PartitionRun & { settle: (error?: unknown) => void }> {
    const limit = this.options.transactionBatchSize ?? 500;
    let events = this.together[0]!.run.length;
    let size = 1;
    while (size < this.together.length && events + this.together[size]!.run.length <= limit) {
      events += this.together[size]!.run.length;
      size++;
    }
    return this.together.splice(0, size);
  }

  private async applyInTransaction(parts: PartitionRun[]): Promise<void> {
    const entries = parts.flatMap(({ topic, partition, run }) =>
      run.flatMap((item) => (item.kind === 'event' ? [{ item, topic, partition }] : [])),
    );
    if (!entries.length) return;
    const applied: Array<CloudEvent<unknown>> = [];
    const duplicates: Array<CloudEvent<unknown>> = [];
    await this.options.dataSource.transaction(async (manager) => {
      applied.length = 0;
      duplicates.length = 0;
      const fresh = await claimInInbox(
        manager,
        entries.map(({ item, topic, partition }) => ({ event: item.event, topic, partition, offset: item.message.offset })),
        'applied',
      );
      const staged = new StagedWrites();
      for (const { item, topic, partition } of entries) {
        // Claimed once, applied once: the same event twice in one transaction (a relay's resend
        // in one batch, or in two partitions' runs) is a duplicate the second time.
        if (!fresh.delete(item.event.id)) {
          duplicates.push(item.event);
          continue;
        }
        await this.invoke(item, manager, topic, partition, staged);
        applied.push(item.event);
      }
      await staged.flush(manager);
    });
    // Counted once committed: a transaction that rolls back and is tried again counts nothing.
    for (const event of duplicates) this.handled.labels(this.options.service, event.type, 'duplicate').inc();
    const now = Date.now();
    for (const event of applied) {
      this.handled.labels(this.options.service, event.type, 'applied').inc();
      this.appliedLatency.labels(this.options.service).observe((now - Date.parse(event.time)) / 1000);
    }
    if (applied.length) this.options.onApplied?.(applied);
  }

  private async invoke(
    item: Decoded,
    manager: EntityManager,
    topic: string,
    partition: number,
    staged: StagedWrites,
  ): Promise<void> {
    const handler = this.handlerFor(item.event.type);
    if (!handler) return;
    const context = new EventContext([item.event, manager, { topic, partition, offset: item.message.offset }, staged]);
    await requestContext.run(
      {
        correlationId: item.event.correlationid,
        causationId: item.event.id,
        eventId: item.event.id,
        // What a consumer causes is attributed to whoever caused the event (a service's own events name the service).
        ...(item.event.actor !== undefined ? { actor: item.event.actor } : {}),
        ...(item.event.actorclient !== undefined ? { actorClient: item.event.actorclient } : {}),
      },
      async () => {
        const result = await handler(item.event, context);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      },
    );
  }

  /** Nest resolves a pattern by parsing it on every call (7% of a replay's CPU); event types are plain strings. */
  private handlerFor(type: string): MessageHandler | null {
    let handler = this.handlerCache.get(type);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(type);
      this.handlerCache.set(type, handler);
    }
    return handler;
  }

  private async recordDeadLettered(
    topic: string,
    partition: number,
    event: CloudEvent<unknown>,
    message: KafkaMessage,
  ): Promise<void> {
    await this.options.dataSource.transaction((manager) =>
      claimInInbox(manager, [{ event, topic, partition, offset: message.offset }], 'dead_lettered'),
    );
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetterReason,
    error: string,
    attempts: number,
    keepGoing: () => boolean,
  ): Promise<boolean> {
    if (reason !== 'handler-failed') this.handled.labels(this.options.service, 'unknown', reason).inc();
    return this.deadLetters.publish({ topic, partition, message, reason, error, attempts }, keepGoing);
  }
}

function eventIdsOf(run: Prepared[]): string[] {
  return run.flatMap((item) => (item.kind === 'event' ? [item.event.id] : []));
}
