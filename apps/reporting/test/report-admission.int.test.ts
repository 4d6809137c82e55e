import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  call,
  startOnOwnDatabase,
  stopAndDrop,
  TEST_ORGANISATION_ID,
  testRunId,
  timedCall,
  tokenFor,
  useOwnTopics,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
} from '@chairside/testing';
import { reportingDataSourceOptions } from '../src/database/data-source.js';
import { holdReports, releaseReports, reportGate, reportsHeldInDatabase } from './builders/held-reports.js';

/**
 * @runs-alone: the refusal is held to 1 s and the statement timeout to its bound, which a busy neighbour on two cores could blur.
 *
 * Admission control for KPI reports (kpis/report-gate.ts): one report computed at a time and one
 * waiting (KPI_REPORTS_AT_ONCE=1, KPI_REPORTS_WAITING=1 here); the next is refused at once with
 * 503 problem+json and Retry-After, never a 500 and never queued without bound; a report statement
 * running past KPI_REPORT_STATEMENT_TIMEOUT_MS is stopped and answered 503 the same way; and the
 * service stays ready meanwhile. A report is held in PostgreSQL by a test transaction that locks
 * a table one of its statements reads (kpi_message_day), so "running" is certain, not a race.
 *
 * Who asks: an analyst granted the one center by id, the least privileged user who may read reports.
 */
describe('reporting: reports are admitted a bounded number at a time; beyond the queue, 503 with Retry-After', () => {
  const restoreTopics = useOwnTopics('reporting-admission');
  afterAll(restoreTopics);
  const runId = testRunId('reporting_admission');
  const STATEMENT_TIMEOUT_MS = 6_000;
  const locationId = randomUUID();
  const analyst = tokenFor(['analyst'], [locationId]);
  let db: TestDatabase;
  let reporting: ServiceProcess;
  let holder: pg.Client;

  beforeAll(async () => {
    ({ db, service: reporting } = await startOnOwnDatabase({
      service: 'reporting',
      runId,
      dataSourceOptions: reportingDataSourceOptions,
      env: {
        KPI_REPORTS_AT_ONCE: '1',
        KPI_REPORTS_WAITING: '1',
        KPI_REPORT_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      },
    }));
    await db.query(
      `INSERT INTO directory_location (location_id, organisation_id, name, time_zone, chair_count) VALUES ($1, $2, 'Center', 'Europe/Madrid', 30)`,
      [locationId, TEST_ORGANISATION_ID],
    );
    holder = new pg.Client({ ...db.config, database: db.name });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await stopAndDrop(reporting, db);
  });

  const report = () =>
    timedCall('GET', `${reporting.url}/reports/kpis?from=2027-03-01&to=2027-03-31&locationId=${locationId}`, { token: analyst });
  const gate = (name: 'running' | 'waiting') => reportGate(reporting.url, name);
  const heldInDatabase = () => reportsHeldInDatabase(db);
  const hold = () => holdReports(holder);
  const release = () => releaseReports(holder);

  it('one report computed, one waiting, the third refused at once (503 problem+json, Retry-After); the first two answered once the database lets go', async () => {
    expect((await report()).status).toBe(200); // warm-up: the process's report path and its pool

    await hold();
    let running: Promise<Awaited<ReturnType<typeof report>>> | undefined;
    let waiting: typeof running;
    try {
      running = report();
      await waitFor(async () => (await heldInDatabase()) === 1 || undefined, {
        timeoutMs: 10_000,
        what: 'a report held in PostgreSQL',
      });
      expect(await gate('running')).toBe(1);
      waiting = report();
      await waitFor(async () => (await gate('waiting')) === 1 || undefined, { timeoutMs: 10_000, what: 'a report at the gate' });

      const refused = await report();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.body).toMatchObject({ type: '/problems/service-unavailable', status: 503, retryAfterSeconds: 5 });
      expect(refused.body.detail).toMatch(/1 report is being computed and 1 waiting/);
      // Refused before any work: it waited for nothing.
      expect(refused.ms).toBeLessThan(1_000);
      // The reports waiting for the database hold neither the service's pool nor its readiness.
      expect((await call('GET', `${reporting.url}/health/ready`)).status).toBe(200);
      expect(await heldInDatabase()).toBe(1);
    } finally {
      await release();
    }
    const [first, second] = await Promise.all([running!, waiting!]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.locations).toHaveLength(1);
    expect(await gate('running')).toBe(0);
    expect(await gate('waiting')).toBe(0);
    expect((await report()).status).toBe(200);
  });

  it('a report statement running past the statement timeout is stopped: 503 problem+json with Retry-After, not a 500, and the slot is free again', async () => {
    await hold();
    let stopped: Awaited<ReturnType<typeof report>>;
    try {
      stopped = await report();
    } finally {
      await release();
    }
    expect(stopped.status).toBe(503);
    expect(stopped.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(stopped.headers.get('retry-after')).toBe('10');
    expect(stopped.body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
    expect(stopped.body.detail).toMatch(/ran longer than 6 s and was stopped/);
    expect(stopped.ms).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 100);
    expect(await gate('running')).toBe(0);
    expect((await report()).status).toBe(200);
    expect((await call('GET', `${reporting.url}/health/live`)).status).toBe(200);
  });
});
