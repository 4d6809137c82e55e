import { randomUUID } from 'node:crypto';
import {
  auditBoundsProblems,
  call,
  refusedEveryTime,
  refusalProblems,
  startOnOwnDatabase,
  stopAndDrop,
  TEST_ORGANISATION_ID,
  testRunId,
  timedCall,
  tokenFor,
  useOwnTopics,
  type ServiceProcess,
  type TestDatabase,
} from '@chairside/testing';
import { reportingDataSourceOptions } from '../src/database/data-source.js';

/**
 * @runs-alone: refusals are held to 100 ms, which a busy neighbour on two cores could break.
 *
 * Reporting's work-sizing inputs beyond the KPI range (visit-facts.int.test.ts sends the absurd
 * range and the heatmap's bound): a report covers at most 1,000 locations, an organisation of
 * 1,001 centers asking without locationId is refused naming locationId before the report gate;
 * the directory lists at most 500 a request; GET /audit as in every service. Refusals in under
 * 100 ms every time after a warm-up; the service stays live.
 *
 * Who asks: the least privileged user is an analyst granted locations by id, but a grant travels in
 * the token and Node refuses request headers over 16 KiB (431) before any of the service's code: a
 * grant of about 300 ids is the most that reaches it. So the 1,000 and 1,001-location cases, and the
 * directory paged to offset 1,000, are an analyst of the whole organisation ('*', whose count of
 * locations is the path under test), and an analyst granted 1,001 ids shows what such a user meets.
 */
describe('reporting: bounded work before any work', () => {
  const restoreTopics = useOwnTopics('reporting-bounds');
  afterAll(restoreTopics);
  const runId = testRunId('reporting_bounds');
  let db: TestDatabase;
  let reporting: ServiceProcess;
  const organisationAnalyst = tokenFor(['analyst'], '*');

  beforeAll(async () => {
    ({ db, service: reporting } = await startOnOwnDatabase({
      service: 'reporting',
      runId,
      dataSourceOptions: reportingDataSourceOptions,
    }));
    // 1,001 centers in the directory, as the scheduling events would have left them (loaded directly).
    await db.query(
      `INSERT INTO directory_location (location_id, organisation_id, name, time_zone, chair_count)
       SELECT gen_random_uuid(), $1, 'Center ' || lpad(n::text, 4, '0'), 'Europe/Madrid', 30 FROM generate_series(1, 1001) AS n`,
      [TEST_ORGANISATION_ID],
    );
  });
  afterAll(() => stopAndDrop(reporting, db));

  const live = async () => expect((await call('GET', `${reporting.url}/health/live`)).status).toBe(200);

  it('a report over 1,001 locations is refused naming locationId; over 1,000 it is answered: the JSON year, the CSV year of days and of therapies, and the most days of hours', async () => {
    const kpis = (query: string) => `${reporting.url}/reports/kpis?${query}`;
    for (const query of [
      'from=2027-01-01&to=2027-12-31',
      'from=2027-01-01&to=2027-12-31&format=csv',
      'from=2027-01-01&to=2027-01-01',
    ])
      expect(
        refusalProblems(query, await refusedEveryTime('GET', kpis(query), { token: organisationAnalyst }), 'locationId'),
      ).toEqual([]);
    await db.query(`DELETE FROM directory_location WHERE name = 'Center 1001'`);
    // A leap year, the longest range, for all 1,000: 366,000 location-days.
    const year = await timedCall('GET', kpis('from=2028-01-01&to=2028-12-31'), { token: organisationAnalyst });
    expect(year.status).toBe(200);
    expect(year.body.locations).toHaveLength(1_000);
    expect(year.body.daysOmitted).toEqual(expect.stringContaining('366000'));
    // The largest CSV: every location-day of the leap year, streamed a chunk at a time (366,000 rows).
    const days = await timedCall('GET', kpis('from=2028-01-01&to=2028-12-31&format=csv&view=days'), {
      token: organisationAnalyst,
    });
    expect(days.status).toBe(200);
    expect(String(days.body).trim().split('\r\n')).toHaveLength(1 + 366_000);
    // Per location and therapy over the same year: a row per therapy a location saw (none here), the header alone.
    const therapies = await timedCall('GET', kpis('from=2028-01-01&to=2028-12-31&format=csv&view=therapies'), {
      token: organisationAnalyst,
    });
    expect(therapies.status).toBe(200);
    expect(String(therapies.body).trim().split('\r\n')[0]).toMatch(/^location_id,location,time_zone,therapy_code,/);
    // Hours are bounded by the heatmap's 3,200 location-days: 3 days of 1,000 centers are the most
    // (72,000 rows of hours, 24 a day: no clock change in Madrid on these days), 4 days are refused naming view.
    const hours = await timedCall('GET', kpis('from=2028-01-01&to=2028-01-03&format=csv&view=hours'), {
      token: organisationAnalyst,
    });
    expect(hours.status).toBe(200);
    expect(String(hours.body).trim().split('\r\n')).toHaveLength(1 + 72_000);
    expect(
      refusalProblems(
        '4 days of hours',
        await refusedEveryTime('GET', kpis('from=2028-01-01&to=2028-01-04&format=csv&view=hours'), {
          token: organisationAnalyst,
        }),
        'view',
      ),
    ).toEqual([]);
    console.log(
      `reporting bounds: 1,000 locations, JSON year ${year.ms.toFixed(0)} ms, CSV year of days ${days.ms.toFixed(0)} ms, of therapies ${therapies.ms.toFixed(0)} ms, 3 days of hours ${hours.ms.toFixed(0)} ms`,
    );
    await live();
  });

  it('an analyst granted 1,001 locations by id asking without locationId: the token does not fit in the headers, 431 before any work', async () => {
    // Were the headers let through, the grant's length (1,001) would be refused naming locationId
    // (locationsAtMost counts a listed grant without a query); Node answers first, with no body.
    const granted = tokenFor(
      ['analyst'],
      Array.from({ length: 1_001 }, () => randomUUID()),
    );
    const refused = await timedCall('GET', `${reporting.url}/reports/kpis?from=2028-01-01&to=2028-12-31`, { token: granted });
    expect(refused.status).toBe(431);
    expect(refused.ms).toBeLessThan(100);
    await live();
  });

  it('the directory lists 500 centers a request from offset 1,000; 501 or offset 1,001 are refused', async () => {
    const list = (query: string) => `${reporting.url}/reports/locations?${query}`;
    const page = await timedCall('GET', list('limit=500'), { token: organisationAnalyst });
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(500);
    const byDefault = await timedCall('GET', list(''), { token: organisationAnalyst });
    expect(byDefault.body).toHaveLength(500);
    const deepest = await timedCall('GET', list('limit=500&offset=1000'), { token: organisationAnalyst });
    expect(deepest.status).toBe(200);
    expect(deepest.body).toEqual([]);
    expect(
      refusalProblems('limit=501', await refusedEveryTime('GET', list('limit=501'), { token: organisationAnalyst }), 'limit'),
    ).toEqual([]);
    expect(
      refusalProblems(
        'offset=1001',
        await refusedEveryTime('GET', list('offset=1001'), { token: organisationAnalyst }),
        'offset',
      ),
    ).toEqual([]);
    await live();
  });

  it('GET /audit: 366 days and limit=500 are answered; a millisecond more, limit=501, or a limited reader’s too-long range are refused before any lookup', async () => {
    expect(await auditBoundsProblems(reporting.url)).toEqual([]);
  });
});
