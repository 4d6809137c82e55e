import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AuditRecordData } from '@chairside/contracts';
import { createMigratedDatabase, testRunId, type TestDatabase } from '@chairside/testing';
import { sessionsDataSourceOptions } from '../../../apps/sessions/src/database/data-source.js';
import { type RunQuery, verifyAuditChain } from '../src/audit-chain.js';
import { purgeExpiredAuditRecords } from '../src/audit-purge.js';
import { AuditTrail } from '../src/audit-trail.js';

const DAY = 24 * 3600_000;

describe('audit chain: concurrent appends, retention purge', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let runtime: pg.Pool;
  let trail: AuditTrail;
  /** As the owner: reads, and the tampering only an owner or superuser could do. */
  const query: RunQuery = async (sql, parameters) => (await pool.query(sql, parameters as unknown[])).rows;
  /** As the service's runtime role, as the service appends and purges. */
  const asRuntime: RunQuery = async (sql, parameters) => (await runtime.query(sql, parameters as unknown[])).rows;

  beforeAll(async () => {
    db = await createMigratedDatabase('sessions', `${testRunId('audit_chain')}_sessions`, sessionsDataSourceOptions);
    pool = new pg.Pool({ ...db.config, database: db.name, max: 8 });
    runtime = new pg.Pool({ ...db.runtimeConfig, database: db.name, max: 8 });
    // The relay is not under test: the outbox rows are.
    trail = new AuditTrail(
      { service: 'sessions', retentionDays: 30 },
      { query: asRuntime } as never,
      {
        wake: () => undefined,
      } as never,
    );
  });
  afterAll(async () => {
    await runtime?.end();
    await pool?.end();
    await db?.drop();
  });

  const record = (occurredAt: Date): Omit<AuditRecordData, 'service'> => ({
    recordId: randomUUID(),
    occurredAt: occurredAt.toISOString(),
    actorSubject: 'nurse-1',
    actorRoles: ['nurse'],
    organisationId: randomUUID(),
    actorClient: null,
    resourceType: 'session',
    resourceId: randomUUID(),
    patientId: randomUUID(),
    action: 'read',
    outcome: 'success',
    status: 200,
    ip: '127.0.0.1',
    userAgent: 'jest',
    correlationId: randomUUID(),
    route: 'GET /locations/:locationId/sessions/:appointmentId',
  });

  it('keeps one unforked chain under concurrent appends, each with its outbox event', async () => {
    const old = Date.now() - 40 * DAY;
    await Promise.all(Array.from({ length: 40 }, (_, i) => trail.append(record(new Date(old + i * 1000)))));
    await Promise.all(Array.from({ length: 10 }, () => trail.append(record(new Date()))));
    expect(await verifyAuditChain(query, 'sessions', 7)).toMatchObject({ ok: true, records: 50, firstSeq: '1', lastSeq: '50' });
    const [outbox] = await query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'chairside.sessions.audit.recorded.v1'`,
    );
    expect(outbox).toEqual({ n: 50 });
  });

  it('purges only what is past retention, in batches, and the kept chain still verifies from its anchor', async () => {
    await expect(query('DELETE FROM audit_record WHERE seq = 50')).rejects.toThrow(/append-only/);
    await expect(asRuntime('DELETE FROM audit_record WHERE seq = 1')).rejects.toThrow(/permission denied/);
    // The runtime role purges only through the owner's function, which removes a prefix past retention.
    expect(await purgeExpiredAuditRecords(asRuntime, 30, 25)).toBe(25);
    expect(await purgeExpiredAuditRecords(asRuntime, 30, 25)).toBe(15);
    expect(await purgeExpiredAuditRecords(asRuntime, 30, 25)).toBe(0);
    expect(await verifyAuditChain(query, 'sessions')).toMatchObject({ ok: true, records: 10, firstSeq: '41', lastSeq: '50' });
    await trail.append(record(new Date()));
    expect(await verifyAuditChain(query, 'sessions')).toMatchObject({ ok: true, records: 11, lastSeq: '51' });
    // Removing a kept record (trigger dropped by a superuser) is found.
    await query('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only');
    await query('DELETE FROM audit_record WHERE seq = 45');
    await query('ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only');
    expect(await verifyAuditChain(query, 'sessions')).toMatchObject({ ok: false, brokenSeq: '45' });
  });
});
