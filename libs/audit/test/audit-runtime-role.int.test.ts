import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { AuditRecordData } from '@chairside/contracts';
import { createMigratedDatabase, freePort, testRunId, type TestDatabase } from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../../apps/scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../../apps/sessions/src/database/data-source.js';
import { type RunQuery, verifyAuditChain } from '../src/audit-chain.js';
import { AuditTrail } from '../src/audit-trail.js';

/**
 * What a service's process can do to its database: it connects as its runtime role
 * (`chairside_<service>`, DATABASE_RUNTIME_USER), which the migrations grant the service's tables.
 * Whoever holds the service's credentials can add audit records but not change or remove one.
 */
describe('the runtime database role: appends audit records, cannot change or remove them', () => {
  const runId = testRunId('runtime_role');
  let sessionsDb: TestDatabase;
  let schedulingDb: TestDatabase;
  let runtime: pg.Pool;
  const asRuntime: RunQuery = async (sql, parameters) => (await runtime.query(sql, parameters as unknown[])).rows;

  beforeAll(async () => {
    [sessionsDb, schedulingDb] = await Promise.all([
      createMigratedDatabase('sessions', `${runId}_sessions`, sessionsDataSourceOptions),
      createMigratedDatabase('scheduling', `${runId}_scheduling`, schedulingDataSourceOptions),
    ]);
    runtime = new pg.Pool({ ...sessionsDb.runtimeConfig, database: sessionsDb.name, max: 2 });
  });
  afterAll(async () => {
    await runtime?.end();
    await Promise.all([sessionsDb?.drop(), schedulingDb?.drop()]);
  });

  const record = (): Omit<AuditRecordData, 'service'> => ({
    recordId: randomUUID(),
    occurredAt: new Date().toISOString(),
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

  it('is a login role of its own, neither superuser nor owner of anything', async () => {
    const [me] = await asRuntime(
      `SELECT current_user AS role, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE rolname = current_user`,
    );
    expect(me).toEqual({
      role: 'chairside_sessions',
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
      owned: 0,
    });
  });

  it('inserts audit records (through the chain) and reads them', async () => {
    const trail = new AuditTrail(
      { service: 'sessions', retentionDays: 2190 },
      { query: asRuntime } as never,
      {
        wake: () => undefined,
      } as never,
    );
    await trail.append(record());
    await trail.append(record());
    expect(await asRuntime('SELECT count(*)::int AS n FROM audit_record')).toEqual([{ n: 2 }]);
    expect(await verifyAuditChain(asRuntime, 'sessions')).toMatchObject({ ok: true, records: 2 });
  });

  it('is refused UPDATE, DELETE and TRUNCATE of audit records by PostgreSQL’s privileges (not only the trigger)', async () => {
    await expect(asRuntime(`UPDATE audit_record SET actor_subject = 'someone-else'`)).rejects.toThrow(
      /permission denied for table audit_record/,
    );
    await expect(asRuntime('DELETE FROM audit_record')).rejects.toThrow(/permission denied for table audit_record/);
    await expect(asRuntime('TRUNCATE audit_record')).rejects.toThrow(/permission denied for table audit_record/);
    expect(await asRuntime('SELECT count(*)::int AS n FROM audit_record')).toEqual([{ n: 2 }]);
  });

  it('cannot move the chain’s anchor or retention, disable the trigger, or alter the schema', async () => {
    await expect(asRuntime('UPDATE audit_chain SET anchor_seq = 2 WHERE id = 1')).rejects.toThrow(/permission denied/);
    await expect(asRuntime('UPDATE audit_chain SET retention_days = 30 WHERE id = 1')).rejects.toThrow(/permission denied/);
    await expect(asRuntime('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only')).rejects.toThrow(/must be owner/);
    await expect(asRuntime('DROP TABLE audit_record')).rejects.toThrow(/must be owner/);
    await expect(asRuntime('CREATE TABLE scratch (id int)')).rejects.toThrow(/permission denied for schema public/);
  });

  it('cannot change the clinical records its service only adds to (session steps, vital signs)', async () => {
    await expect(asRuntime(`UPDATE vital_signs SET actor_id = 'x'`)).rejects.toThrow(/permission denied for table vital_signs/);
    await expect(asRuntime('DELETE FROM session_step')).rejects.toThrow(/permission denied for table session_step/);
    await expect(asRuntime(`INSERT INTO schema_migrations (timestamp, name) VALUES (1, 'x')`)).rejects.toThrow(
      /permission denied/,
    );
  });

  it('a service does not start as a superuser (exit 70, naming DATABASE_RUNTIME_USER)', async () => {
    const entry = fileURLToPath(new URL('../../../apps/sessions/dist/main.js', import.meta.url));
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, DATABASE_NAME: sessionsDb.name, DATABASE_RUNTIME_USER: 'postgres', PORT: String(await freePort()) },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(70);
    expect(output).toContain('is a superuser: set DATABASE_RUNTIME_USER');
  });

  it('cannot connect to another service’s database', async () => {
    const client = new pg.Client({ ...sessionsDb.runtimeConfig, database: schedulingDb.name });
    await expect(client.connect()).rejects.toThrow(/permission denied for database/);
    await client.end().catch(() => undefined);
  });
});

/**
 * The role migrations run as: `chairside_<service>_owner` (DATABASE_OWNER_USER), which owns the
 * service's database, schema and tables, and is no superuser: it can change its own service's schema
 * and nothing else on the server.
 */
describe('the owner database role: owns its service’s schema, nothing more', () => {
  const runId = testRunId('owner_role');
  let sessionsDb: TestDatabase;
  let schedulingDb: TestDatabase;
  let owner: pg.Pool;
  const asOwner: RunQuery = async (sql, parameters) => (await owner.query(sql, parameters as unknown[])).rows;

  beforeAll(async () => {
    [sessionsDb, schedulingDb] = await Promise.all([
      createMigratedDatabase('sessions', `${runId}_sessions`, sessionsDataSourceOptions),
      createMigratedDatabase('scheduling', `${runId}_scheduling`, schedulingDataSourceOptions),
    ]);
    owner = new pg.Pool({ ...sessionsDb.ownerConfig, database: sessionsDb.name, max: 2 });
  });
  afterAll(async () => {
    await owner?.end();
    await Promise.all([sessionsDb?.drop(), schedulingDb?.drop()]);
  });

  it('ran the migrations and owns the database, its schema and every table; it is no superuser and creates no role or database', async () => {
    const [me] = await asOwner(
      `SELECT current_user AS role, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication,
              pg_get_userbyid((SELECT datdba FROM pg_database WHERE datname = current_database())) AS database_owner,
              pg_get_userbyid((SELECT nspowner FROM pg_namespace WHERE nspname = 'public')) AS schema_owner,
              (SELECT count(*)::int FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner <> current_user) AS tables_of_others
         FROM pg_roles r WHERE rolname = current_user`,
    );
    expect(me).toEqual({
      role: 'chairside_sessions_owner',
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
      rolreplication: false,
      database_owner: 'chairside_sessions_owner',
      schema_owner: 'chairside_sessions_owner',
      tables_of_others: 0,
    });
    expect(await asOwner(`SELECT count(*)::int AS n FROM schema_migrations`)).toEqual([{ n: expect.any(Number) }]);
    await expect(asOwner('CREATE ROLE intruder')).rejects.toThrow(/permission denied to create role/);
    await expect(asOwner(`CREATE DATABASE ${runId}_intruder`)).rejects.toThrow(/permission denied to create database/);
    await expect(asOwner('ALTER ROLE chairside_sessions SUPERUSER')).rejects.toThrow(/permission denied|must be superuser/);
  });

  it('a table it creates is the runtime role’s to read and write, without DDL', async () => {
    await asOwner('CREATE TABLE owner_scratch (id int)');
    const runtime = new pg.Client({ ...sessionsDb.runtimeConfig, database: sessionsDb.name });
    await runtime.connect();
    try {
      await runtime.query('INSERT INTO owner_scratch VALUES (1)');
      expect((await runtime.query('SELECT count(*)::int AS n FROM owner_scratch')).rows).toEqual([{ n: 1 }]);
      await expect(runtime.query('DROP TABLE owner_scratch')).rejects.toThrow(/must be owner/);
      await expect(runtime.query('CREATE TABLE runtime_scratch (id int)')).rejects.toThrow(/permission denied for schema public/);
    } finally {
      await runtime.end();
      await asOwner('DROP TABLE owner_scratch');
    }
  });

  it('cannot connect to another service’s database', async () => {
    const client = new pg.Client({ ...sessionsDb.ownerConfig, database: schedulingDb.name });
    await expect(client.connect()).rejects.toThrow(/permission denied for database/);
    await client.end().catch(() => undefined);
  });
});
