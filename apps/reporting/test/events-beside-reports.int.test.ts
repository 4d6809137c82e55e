import { DateTime } from 'luxon';
import { AppointmentBookedV1 } from '@chairside/contracts';
import pg from 'pg';
import {
  call,
  SchedulingFeed,
  type ServiceProcess,
  startOnOwnDatabase,
  stopAndDrop,
  type TestDatabase,
  testRunId,
  timedCall,
  tokenFor,
  useOwnTopics,
  waitFor,
} from '@chairside/testing';
import { reportingDataSourceOptions } from '../src/database/data-source.js';
import { holdReports, releaseReports, reportGate, reportsHeldInDatabase } from './builders/held-reports.js';

/**
 * Issue 21: reports never stall the consumption of events. Every report slot is taken and every
 * waiting place filled by reports that cannot finish (a test transaction locks a table one of
 * their statements reads, kpi_message_day, which bookings and the rollup refresh do not write),
 * and bookings arriving meanwhile still become facts, their days' rollups are recomputed, the
 * location's freshness moves past them, and the service stays ready: the event consumers and the
 * refresher hold their own connections and never wait behind a report (kpis/report-pool.ts,
 * kpis/report-gate.ts). How fast they keep pace under real report load is a benchmark's question
 * (`npm run bench:kpis`, docs/benchmarks.md), not a timed test's.
 *
 * Who asks: an analyst granted the one center by id, the least privileged user who may read reports.
 */
describe('reporting: events are applied and rolled up while every report slot is taken', () => {
  const restoreTopics = useOwnTopics('reporting-beside-reports');
  afterAll(restoreTopics);
  const runId = testRunId('reporting_beside');
  const feed = new SchedulingFeed('America/Chicago');
  const analyst = tokenFor(['analyst'], [feed.locationId]);
  const WAITING = 2;
  const BOOKINGS = 40;
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
        KPI_REPORTS_WAITING: String(WAITING),
        // Longer than the test: the held reports must still be held when the bookings are counted.
        KPI_REPORT_STATEMENT_TIMEOUT_MS: '300000',
      },
    }));
    holder = new pg.Client({ ...db.config, database: db.name });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await stopAndDrop(reporting, db);
  });

  const report = (query = '') =>
    timedCall('GET', `${reporting.url}/reports/kpis?from=2027-03-01&to=2027-03-31&locationId=${feed.locationId}${query}`, {
      token: analyst,
    });
  const gate = (name: 'running' | 'waiting') => reportGate(reporting.url, name);
  const heldInDatabase = () => reportsHeldInDatabase(db);
  const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params))[0]!.n;

  it('with one report held in PostgreSQL and two waiting at the gate, forty bookings become facts and fresh rollups, and the service stays ready', async () => {
    await feed.open(4, 2);
    await waitFor(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM directory_location WHERE location_id = $1`, [feed.locationId])) === 1,
      {
        what: 'the center in reporting',
      },
    );
    expect((await report()).status).toBe(200); // warm-up: the report path and its pool

    await holdReports(holder);
    const reports: Array<ReturnType<typeof report>> = [];
    try {
      reports.push(report());
      await waitFor(async () => (await heldInDatabase()) === 1, { timeoutMs: 10_000, what: 'a report held in PostgreSQL' });
      for (let i = 0; i < WAITING; i++) reports.push(report());
      await waitFor(async () => (await gate('waiting')) === WAITING, { timeoutMs: 10_000, what: 'the reports at the gate' });

      // A day of bookings on the four chairs, hourly from 09:00 to 18:00 in Chicago, while no report can finish.
      const day = DateTime.fromISO('2027-03-10T09:00', { zone: feed.zone });
      let lastBookedAt = 0;
      for (let i = 0; i < BOOKINGS; i++) {
        const startsAt = day.plus({ hours: Math.floor(i / 4) }).toJSDate();
        const booking = feed.bookedData(startsAt, { chair: i % 4, nurse: i % 2, durationMinutes: 30, observationMinutes: 0 });
        await feed.send(AppointmentBookedV1, booking.appointmentId, booking);
        lastBookedAt = Math.max(lastBookedAt, new Date(booking.bookedAt).getTime());
      }

      await waitFor(
        async () =>
          (await count(`SELECT count(*)::int AS n FROM visit_fact WHERE location_id = $1`, [feed.locationId])) === BOOKINGS &&
          (await count(`SELECT count(*)::int AS n FROM kpi_stale_day WHERE location_id = $1`, [feed.locationId])) === 0 &&
          (await count(`SELECT count(*)::int AS n FROM kpi_location_fresh WHERE location_id = $1 AND fresh_as_of >= $2`, [
            feed.locationId,
            new Date(lastBookedAt),
          ])) === 1,
        { what: 'the bookings as facts, their day refreshed, the freshness past them' },
      );
      // The day's heatmap (recomputed by the refresher, not kept by difference) holds the bookings too.
      expect(
        await count(`SELECT count(*)::int AS n FROM kpi_hour WHERE location_id = $1 AND local_date = '2027-03-10'`, [
          feed.locationId,
        ]),
      ).toBeGreaterThan(0);
      // All of it happened while the reports were still held: the events did not wait for them.
      expect(await heldInDatabase()).toBe(1);
      expect(await gate('running')).toBe(1);
      expect(await gate('waiting')).toBe(WAITING);
      expect((await call('GET', `${reporting.url}/health/ready`)).status).toBe(200);
    } finally {
      await releaseReports(holder);
    }
    for (const answered of await Promise.all(reports)) expect(answered.status).toBe(200);

    // A report asked now counts every booking, and its heatmap peaks at the four chairs booked at once.
    const after = await report('&include=heatmap');
    expect(after.status).toBe(200);
    const location = after.body.locations[0];
    expect(location.total.visits).toBe(BOOKINGS);
    const hours = location.heatmap.find((d: { date: string }) => d.date === '2027-03-10').hours as Array<{
      scheduledChairsPeak: number;
    }>;
    expect(Math.max(...hours.map((h) => h.scheduledChairsPeak))).toBe(4);
  });
});
