import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { CloudEvent } from '@chairside/contracts';
import { transactionFor, type Transaction } from '../outbox/unit-of-work.js';
import type { StagedWrite, StagedWrites } from './staged-writes.js';

export interface KafkaCoordinates {
  topic: string;
  partition: number;
  offset: string;
}

type EventContextArgs = [CloudEvent<unknown>, EntityManager, KafkaCoordinates, StagedWrites];

/**
 * What an @OnEvent handler receives as its second argument: the transaction its effects must
 * use (the inbox row is already in it) and where the event came from.
 */
export class EventContext extends BaseRpcContext<EventContextArgs> {
  get event(): CloudEvent<unknown> {
    return this.args[0];
  }
  /** Run every write through this manager, or it is not atomic with the inbox. */
  get manager(): EntityManager {
    return this.args[1];
  }
  get coordinates(): KafkaCoordinates {
    return this.args[2];
  }
  /** Publish follow-up events in the same transaction (through the outbox). */
  get transaction(): Transaction {
    return transactionFor(this.args[1]);
  }
  /** A projection row written with the rest of the run's rows at the end of this transaction. */
  stage<R>(write: StagedWrite<R>, row: R): void {
    this.args[3].add(write, row);
  }
}
