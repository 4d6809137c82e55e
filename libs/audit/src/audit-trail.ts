import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

/**
 * Appends audit records: the chain head moves, the record is inserted with its hash and its event
 * goes to the outbox, all in ONE statement (one round trip). The head is a single row, so its row
 * lock serialises appends: two requests can never both link to the same previous record.
 */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  get service(): ServiceName {
    return this.options.service;
  }

  async append(record: Omit<AuditRecordData, 'service'>): Promise<void> {
    await this.appendWith((sql, parameters) => this.dataSource.query(sql, parameters), record);
    this.relay.wake();
  }

  /**
   * Several records of one request (one per patient a read disclosed), in one transaction: all of
   * them are in the chain, one after the other, or none is (and the caller gets an error, not the data).
   */
  async appendAll(records: ReadonlyArray<Omit<AuditRecordData, 'service'>>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const record of records) await this.appendWith((sql, parameters) => manager.query(sql, parameters), record);
    });
    this.relay.wake();
  }

  private async appendWith(
    query: (sql: string, parameters: unknown[]) => Promise<unknown>,
    record: Omit<AuditRecordData, 'service'>,
  ): Promise<void> {
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
    await query(sql, [
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
    ]);
  }
}
