import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { querySeveral, type SqlStatement } from '@chairside/database';
import { AUDIT_RECORDED, type AuditRecordData, type ServiceName } from '@chairside/contracts';
import { outboxInsert, OutboxRelay } from '@chairside/messaging';
import { AUDIT_COLUMNS, CHAIN_HASH_SQL, canonicalAuditRecord } from './audit-chain.js';

export const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');

export interface AuditOptions {
  service: ServiceName;
  /** Records older than this are purged (AUDIT_RETENTION_DAYS, default 2190: six years). */
  retentionDays: number;
  /** How often the purge looks for expired records. */
  purgeEveryMs?: number;
}

/** At most this many records go in one transaction. */
const AUDIT_BATCH_MAX = 200;

interface PendingRecord {
  statement: SqlStatement;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Appends audit records: the chain head moves, the record is inserted with its hash and its event
 * goes to the outbox, all in ONE statement. The head is a single row, so its row lock serialises
 * appends: two requests can never both link to the same previous record.
 *
 * Because of that lock every audited request used to wait for the previous one's commit (its WAL
 * flush) before its own could start: one flush per record, strictly one after another (issue 20's
 * wait profile: audit appends were a third of the backends found waiting on a lock or the WAL).
 * So a process appends the records that arrive while its previous append commits together, in one
 * round trip and ONE transaction (one flush for all of them), the statements in arrival order so
 * the chain links them as before. Each caller still waits for its own record's commit: no record,
 * no disclosure. If such a group fails, its records are appended again one by one, so a record
 * that cannot be stored fails alone.
 */
@Injectable()
export class AuditTrail {
  private readonly pending: PendingRecord[] = [];
  private appending = false;

  constructor(
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  get service(): ServiceName {
    return this.options.service;
  }

  // async: a record its event schema refuses rejects the promise rather than throwing at the caller.
  async append(record: Omit<AuditRecordData, 'service'>): Promise<void> {
    const statement = this.statement(record);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ statement, resolve, reject });
      if (!this.appending) void this.appendPending();
    });
  }

  private async appendPending(): Promise<void> {
    this.appending = true;
    try {
      while (this.pending.length) {
        const group = this.pending.splice(0, AUDIT_BATCH_MAX);
        try {
          await this.appendTogether(group.map((p) => p.statement));
          for (const p of group) p.resolve();
        } catch (error) {
          if (group.length === 1) group[0]!.reject(error);
          else
            for (const p of group)
              await this.dataSource.query(p.statement.sql, p.statement.parameters).then(() => p.resolve(), p.reject);
        }
        this.relay.wake();
      }
    } finally {
      this.appending = false;
    }
  }

  private async appendTogether(statements: SqlStatement[]): Promise<void> {
    if (statements.length === 1) {
      await this.dataSource.query(statements[0]!.sql, statements[0]!.parameters);
      return;
    }
    await querySeveral(this.dataSource, statements);
  }

  /**
   * Several records of one request (one per patient a read disclosed), in one transaction: all of
   * them are in the chain, one after the other, or none is (and the caller gets an error, not the data).
   * One round trip for all of them: the day board names up to 400 patients, and a statement each in
   * an explicit transaction was as many round trips (120 on a 40-chair day) before the board answered.
   */
  async appendAll(records: ReadonlyArray<Omit<AuditRecordData, 'service'>>): Promise<void> {
    const statements = records.map((record) => this.statement(record));
    if (statements.length) await this.appendTogether(statements);
    this.relay.wake();
  }

  private statement(record: Omit<AuditRecordData, 'service'>): SqlStatement {
    const full: AuditRecordData = { ...record, service: this.options.service };
    const definition = AUDIT_RECORDED[this.options.service];
    const { statement } = outboxInsert(definition, [
      {
        data: full,
        meta: {
          aggregateId: full.recordId,
          aggregateSequence: 1,
          correlationId: full.correlationId ?? full.recordId,
          ...(full.actorSubject ? { actor: full.actorSubject } : {}),
          ...(full.actorClient ? { actorClient: full.actorClient } : {}),
        },
      },
    ]);
    const n = statement.parameters.length;
    const p = (i: number) => `$${n + i}`;
    const sql = `WITH head AS (
        UPDATE audit_chain SET seq = seq + 1, prev_hash = hash, hash = ${CHAIN_HASH_SQL(p(1))}
         WHERE id = 1 RETURNING seq, prev_hash, hash
      ), appended AS (
        INSERT INTO audit_record (${AUDIT_COLUMNS}, prev_hash, hash)
        SELECT head.seq, ${[...Array(16).keys()].map((i) => p(i + 2)).join(', ')}, head.prev_hash, head.hash FROM head
      ) ${statement.sql}`;
    return {
      sql,
      parameters: [
        ...statement.parameters,
        canonicalAuditRecord(full),
        full.recordId,
        full.occurredAt,
        full.actorSubject,
        full.actorRoles,
        full.organisationId,
        full.actorClient,
        full.resourceType,
        full.resourceId,
        full.patientId,
        full.action,
        full.outcome,
        full.status,
        full.ip,
        full.userAgent,
        full.correlationId,
        full.route,
      ],
    };
  }
}
