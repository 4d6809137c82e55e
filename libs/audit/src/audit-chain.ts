import { createHash } from 'node:crypto';
import type { AuditRecordData, ServiceName } from '@chairside/contracts';

/** The hash before the first record of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Runs one SQL statement and returns its rows: a TypeORM DataSource/EntityManager or a pg client adapter. */
export type RunQuery = (sql: string, parameters?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * The bytes a record's hash covers, in a fixed order. The database computes the same hash when it
 * appends (sha256 of `prev_hash \n seq \n canonical`), so the verifier needs nothing but the rows.
 */
export function canonicalAuditRecord(record: AuditRecordData): string {
  return JSON.stringify([
    record.recordId,
    record.service,
    record.occurredAt,
    record.actorSubject,
    record.actorRoles,
    record.organisationId,
    record.actorClient,
    record.resourceType,
    record.resourceId,
    record.patientId,
    record.action,
    record.outcome,
    record.status,
    record.ip,
    record.userAgent,
    record.correlationId,
    record.route,
  ]);
}

export function chainHash(prevHash: string, seq: string, canonical: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${canonical}`, 'utf8').digest('hex');
}

/** The SQL expression of chainHash over the chain head's columns (used inside the head's UPDATE). */
export const CHAIN_HASH_SQL = (canonicalParameter: string) =>
  `encode(sha256(convert_to(hash || E'\\n' || (seq + 1)::text || E'\\n' || ${canonicalParameter}::text, 'UTF8')), 'hex')`;

export const AUDIT_COLUMNS =
  'seq, record_id, occurred_at, actor_subject, actor_roles, organisation_id, actor_client, resource_type, resource_id, patient_id, action, outcome, status, ip, user_agent, correlation_id, route';

/** A stored row back in the shape its hash was computed over. */
export function recordFromRow(service: ServiceName, row: Record<string, unknown>): AuditRecordData {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    recordId: String(row.record_id),
    service,
    occurredAt: (row.occurred_at instanceof Date ? row.occurred_at : new Date(String(row.occurred_at))).toISOString(),
    actorSubject: text(row.actor_subject),
    actorRoles: (row.actor_roles as string[] | null) ?? [],
    organisationId: text(row.organisation_id),
    actorClient: text(row.actor_client),
    resourceType: String(row.resource_type),
    resourceId: text(row.resource_id),
    patientId: text(row.patient_id),
    action: row.action as AuditRecordData['action'],
    outcome: row.outcome as AuditRecordData['outcome'],
    status: Number(row.status),
    ip: text(row.ip),
    userAgent: text(row.user_agent),
    correlationId: text(row.correlation_id),
    route: String(row.route),
  };
}

export type ChainVerdict =
  | { ok: true; records: number; firstSeq: string | null; lastSeq: string }
  | { ok: false; records: number; brokenSeq: string; reason: string };

/**
 * Walks a service's chain from its anchor (the oldest kept record: retention purges the ones before
 * it) to its head, in pages. Reports the first record whose link or hash does not hold.
 */
export async function verifyAuditChain(query: RunQuery, service: ServiceName, pageSize = 1000): Promise<ChainVerdict> {
  const [head] = await query(
    'SELECT seq::text AS seq, hash, anchor_seq::text AS anchor_seq, anchor_prev_hash FROM audit_chain WHERE id = 1',
  );
  if (!head) return { ok: false, records: 0, brokenSeq: '0', reason: 'the chain head (audit_chain) is missing' };
  let expectedSeq = BigInt(String(head.anchor_seq));
  let prevHash = String(head.anchor_prev_hash);
  let records = 0;
  let firstSeq: string | null = null;
  for (;;) {
    const rows = await query(
      `SELECT ${AUDIT_COLUMNS.replace('seq,', 'seq::text AS seq,')}, prev_hash, hash FROM audit_record WHERE seq >= $1 ORDER BY audit_record.seq LIMIT $2`,
      [expectedSeq.toString(), pageSize],
    );
    for (const row of rows) {
      const seq = String(row.seq);
      firstSeq ??= seq;
      if (BigInt(seq) !== expectedSeq)
        return { ok: false, records, brokenSeq: expectedSeq.toString(), reason: `record ${expectedSeq} is missing` };
      if (row.prev_hash !== prevHash)
        return { ok: false, records, brokenSeq: seq, reason: 'prev_hash does not match the previous record' };
      const hash = chainHash(prevHash, seq, canonicalAuditRecord(recordFromRow(service, row)));
      if (row.hash !== hash)
        return { ok: false, records, brokenSeq: seq, reason: 'the record was changed after it was written (hash mismatch)' };
      prevHash = hash;
      expectedSeq += 1n;
      records += 1;
    }
    if (rows.length < pageSize) break;
  }
  const headSeq = BigInt(String(head.seq));
  if (expectedSeq - 1n !== headSeq)
    return {
      ok: false,
      records,
      brokenSeq: expectedSeq.toString(),
      reason: `the chain head is at ${headSeq} but the records end at ${expectedSeq - 1n}`,
    };
  if (records > 0 && head.hash !== prevHash)
    return { ok: false, records, brokenSeq: headSeq.toString(), reason: 'the chain head hash does not match the last record' };
  return { ok: true, records, firstSeq, lastSeq: headSeq.toString() };
}
