import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { CloudEvent, DataOf, EventDefinition, InputOf } from '@chairside/contracts';
import { requestContext } from '@chairside/platform';
import { type Finished, type PreparedWrite, queryTogether, type SqlStatement } from '@chairside/database';
import { appendManyToOutbox, appendToOutbox, appendToOutboxWith, outboxInsert } from './outbox-writer.js';
import type { OutboxRelay } from './outbox-relay.js';

export interface PublishMetadata {
  aggregateId: string;
  /** The aggregate's version after this change: 1 for creation, then +1 per event. */
  aggregateSequence: number;
  locationId?: string;
}

/** A database transaction that can also publish events, atomically with its writes. */
export interface Transaction {
  readonly manager: EntityManager;
  publish<D extends EventDefinition>(definition: D, data: InputOf<D>, meta: PublishMetadata): Promise<CloudEvent<DataOf<D>>>;
  /** Runs `write` and publishes its event in one statement (one round trip). */
  publishWith<D extends EventDefinition>(
    write: SqlStatement,
    definition: D,
    data: InputOf<D>,
    meta: PublishMetadata,
  ): Promise<CloudEvent<DataOf<D>>>;
  /** Several events of one type in one statement, in the order given. */
  publishMany<D extends EventDefinition>(
    definition: D,
    items: ReadonlyArray<{ data: InputOf<D>; meta: PublishMetadata }>,
  ): Promise<Array<CloudEvent<DataOf<D>>>>;
  /**
   * Statements sent one after another in one round trip (parameters inlined as literals), each
   * one's rows in order; each statement sees what was committed before it started.
   */
  queryTogether(statements: ReadonlyArray<SqlStatement>): Promise<unknown[][]>;
  /** publishWith's statement, built but not sent: to send later (send) or as a final write. */
  prepareWith<D extends EventDefinition>(
    write: SqlStatement,
    definition: D,
    data: InputOf<D>,
    meta: PublishMetadata,
  ): PreparedWrite<CloudEvent<DataOf<D>>>;
  /** queryTogether's statements, built but not sent. */
  prepare(statements: ReadonlyArray<SqlStatement>): PreparedWrite;
  /** Sends a prepared write now, as an ordinary write. */
  send<R>(write: PreparedWrite<R>): Promise<R>;
}

/** Correlation, causation and the actor (the request's token subject, or the one an event being handled carries). */
function causedBy(): { correlationId: string; causationId?: string; actor?: string; actorClient?: string } {
  const ctx = requestContext.current();
  return {
    correlationId: ctx?.correlationId ?? randomUUID(),
    ...(ctx?.causationId ? { causationId: ctx.causationId } : {}),
    ...(ctx?.actor ? { actor: ctx.actor } : {}),
    ...(ctx?.actorClient ? { actorClient: ctx.actorClient } : {}),
  };
}

interface OwnTransaction extends Transaction {
  /** Sends the final write with the COMMIT: nothing may run after it. */
  finish<R>(write: PreparedWrite<R>): Promise<R>;
}

/**
 * Correlation and causation come from the request or event being handled. With `deferral` (a
 * unit of work's own transaction), BEGIN rides with the first statements sent together and
 * COMMIT with the final write (UnitOfWork.runWithFinalWrite).
 */
export function transactionFor(manager: EntityManager): Transaction;
export function transactionFor(manager: EntityManager, deferral: DeferredBoundaries): OwnTransaction;
export function transactionFor(manager: EntityManager, deferral?: DeferredBoundaries): Transaction | OwnTransaction {
  const together = async (statements: ReadonlyArray<SqlStatement>, last: boolean) => {
    const begin = deferral?.takeBegin() ?? [];
    const commit = last && deferral ? ['COMMIT'] : [];
    const results = await queryTogether(manager, [...begin, ...statements, ...commit]);
    if (commit.length) deferral!.committed();
    return results.slice(begin.length, begin.length + statements.length);
  };
  const prepare = (statements: ReadonlyArray<SqlStatement>): PreparedWrite => ({ statements, read: (rows) => rows });
  return {
    manager,
    publish: (definition, data, meta) => appendToOutbox(manager, definition, data, { ...meta, ...causedBy() }),
    publishWith: (write, definition, data, meta) =>
      appendToOutboxWith(manager, write, definition, data, { ...meta, ...causedBy() }),
    publishMany: (definition, items) => {
      const cause = causedBy();
      return appendManyToOutbox(
        manager,
        definition,
        items.map(({ data, meta }) => ({ data, meta: { ...meta, ...cause } })),
      );
    },
    queryTogether: (statements) => together(statements, false),
    prepareWith: (write, definition, data, meta) => {
      const { statement, events } = outboxInsert(definition, [{ data, meta: { ...meta, ...causedBy() } }], write);
      return { statements: [statement], read: () => events[0]! };
    },
    prepare,
    send: async (write) => write.read(await together(write.statements, false)),
    finish: async (write) => write.read(await together(write.statements, true)),
  };
}

/**
 * Holds back a transaction's BEGIN until its first statement and lets its COMMIT ride with its
 * last write, on one query runner whose transaction TypeORM otherwise manages as usual: on a
 * small machine each round trip to PostgreSQL costs more in system calls than most statements.
 * A statement sent any other way first gets its BEGIN in a round trip of its own.
 */
export class DeferredBoundaries {
  private state: 'idle' | 'pending' | 'open' | 'committed' = 'idle';

  constructor(runner: QueryRunner) {
    const send = runner.query.bind(runner) as (query: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
    runner.query = (async (query: string, parameters?: unknown[], structured?: boolean) => {
      const plain = parameters === undefined || parameters.length === 0;
      if (plain && query === 'START TRANSACTION' && this.state === 'idle') {
        this.state = 'pending';
        return undefined;
      }
      if (plain && (query === 'COMMIT' || query === 'ROLLBACK') && this.state !== 'open') {
        // Nothing was sent (nothing to end), or the COMMIT already rode with the last write.
        this.state = 'idle';
        return undefined;
      }
      if (this.state === 'committed')
        throw new Error('The transaction was committed with its last write; nothing may run in it after that');
      if (this.state === 'pending') {
        this.state = 'open';
        await send('START TRANSACTION');
      }
      const result = await send(query, parameters, structured);
      if (plain && (query === 'COMMIT' || query === 'ROLLBACK')) this.state = 'idle';
      return result;
    }) as QueryRunner['query'];
  }

  /** The BEGIN to send in front of the next statements, if it has not been sent yet. */
  takeBegin(): string[] {
    if (this.state === 'committed')
      throw new Error('The transaction was committed with its last write; nothing may run in it after that');
    if (this.state !== 'pending') return [];
    this.state = 'open';
    return ['START TRANSACTION'];
  }

  committed(): void {
    this.state = 'committed';
  }
}

/**
 * Runs work in a transaction whose events reach the outbox with its writes, then wakes the relay.
 * Which tool for which job: docs/architecture.md, "Data access".
 */
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.inOwnTransaction(work);
  }

  /**
   * For the hottest writes: `work` gives back its final write unsent (Transaction.prepareWith or
   * prepare) and the unit of work sends it with the COMMIT, one round trip fewer. The commit
   * boundary is the unit of work's: nothing in `work` can run after the final write.
   */
  async runWithFinalWrite<T>(work: (tx: Transaction) => Promise<Finished<T>>): Promise<T> {
    return this.inOwnTransaction(async (tx) => {
      const { result, finalWrite } = await work(tx);
      if (finalWrite) await tx.finish(finalWrite);
      return result;
    });
  }

  private async inOwnTransaction<T>(work: (tx: OwnTransaction) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const deferral = new DeferredBoundaries(runner);
      const result = await runner.manager.transaction((manager) => work(transactionFor(manager, deferral)));
      this.relay.wake();
      return result;
    } finally {
      await runner.release();
    }
  }
}
