import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { CloudEvent, DataOf, EventDefinition, InputOf } from '@chairside/contracts';
import { requestContext } from '@chairside/platform';
import type { SqlStatement } from '@chairside/database';
import { appendManyToOutbox, appendToOutbox, appendToOutboxWith } from './outbox-writer.js';
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
  publishWith<D extends EventDefinition>(write: SqlStatement, definition: D, data: InputOf<D>, meta: PublishMetadata): Promise<CloudEvent<DataOf<D>>>;
  /** Several events of one type in one statement, in the order given. */
  publishMany<D extends EventDefinition>(definition: D, items: ReadonlyArray<{ data: InputOf<D>; meta: PublishMetadata }>): Promise<Array<CloudEvent<DataOf<D>>>>;
}

function causedBy(): { correlationId: string; causationId?: string } {
  const ctx = requestContext.current();
  return { correlationId: ctx?.correlationId ?? randomUUID(), ...(ctx?.causationId ? { causationId: ctx.causationId } : {}) };
}

/** Correlation and causation come from the request or event being handled. */
export function transactionFor(manager: EntityManager): Transaction {
  return {
    manager,
    publish: (definition, data, meta) => appendToOutbox(manager, definition, data, { ...meta, ...causedBy() }),
    publishWith: (write, definition, data, meta) => appendToOutboxWith(manager, write, definition, data, { ...meta, ...causedBy() }),
    publishMany: (definition, items) => {
      const cause = causedBy();
      return appendManyToOutbox(manager, definition, items.map(({ data, meta }) => ({ data, meta: { ...meta, ...cause } })));
    },
  };
}

export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction((manager) => work(transactionFor(manager)));
    this.relay.wake();
    return result;
  }
}
