import { randomUUID } from 'node:crypto';
import type { UseCaseHarness } from '@chairside/testing';
import { reportingHarness } from '../../test/builders/reporting-harness.js';
import { histogramPercentiles } from './histogram-percentiles.js';

/**
 * The error bound docs/architecture.md states for percentiles over more than one day, held against
 * PostgreSQL's own percentile_cont over the facts. The sessions service stamps each step with the
 * millisecond it happened (not whole minutes), so a wait is a fraction of a minute; the histogram
 * triggers (migration 1796310000000) put it in the bucket of its lower bound. Facts are written
 * straight into visit_fact, as the projection writes them, so what is read back is what the
 * triggers stored.
 */
const ZONE = 'America/New_York';
const MINUTE = 60_000;
let h: UseCaseHarness;

beforeAll(async () => {
  h = await reportingHarness('histogram_tolerance');
});
afterAll(() => h?.close());

let seed = 11;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;

/**
 * A location whose visits over a month have check-in → chair waits of the given minutes (any
 * fraction, to the millisecond), one visit a wait, spread over the month's days.
 */
async function locationWithWaits(waits: number[]): Promise<string> {
  const locationId = randomUUID();
  await h.dataSource.query(
    `INSERT INTO directory_location (location_id, organisation_id, name, time_zone) VALUES ($1, $2, 'Center', $3)`,
    [locationId, randomUUID(), ZONE],
  );
  const startsAt = (i: number) => Date.UTC(2027, 2, 1 + (i % 28), 14, 0);
  const rows = waits.map((wait, i) => {
    const checkedIn = startsAt(i) - 30 * MINUTE;
    return [randomUUID(), new Date(startsAt(i)), new Date(checkedIn), new Date(checkedIn + Math.round(wait * MINUTE))];
  });
  await h.dataSource.query(
    `INSERT INTO visit_fact (appointment_id, location_id, therapy_code, starts_at, checked_in_at, seated_at, status)
     SELECT id, $1, 'iron', s, c, seat, 'completed'
     FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[]) AS v(id, s, c, seat)`,
    [locationId, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
  );
  return locationId;
}

/** The month's check-in → chair percentiles from the stored histogram, and PostgreSQL's over the facts. */
async function percentilesOf(locationId: string) {
  const [stored] = (await h.dataSource.query(
    `SELECT array_agg(bucket ORDER BY bucket) AS buckets, array_agg(visits ORDER BY bucket) AS counts
     FROM kpi_wait_histogram_month WHERE location_id = $1 AND wait = 0`,
    [locationId],
  )) as Array<{ buckets: number[]; counts: number[] }>;
  const [exact] = (await h.dataSource.query(
    `SELECT count(*)::int AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY m) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY m) AS p90
     FROM (SELECT extract(epoch FROM seated_at - checked_in_at)::float8 / 60 AS m FROM visit_fact WHERE location_id = $1) w`,
    [locationId],
  )) as Array<{ n: number; p50: number; p90: number }>;
  return { fromHistogram: histogramPercentiles(stored!.buckets, stored!.counts), exact: exact! };
}

/** How far below the exact value each percentile read from the histogram is, in minutes. */
function lowBy(got: Awaited<ReturnType<typeof percentilesOf>>) {
  expect(got.fromHistogram.n).toBe(got.exact.n);
  return [got.exact.p50 - got.fromHistogram.p50!, got.exact.p90 - got.fromHistogram.p90!];
}

describe('wait percentiles over more than a day are at most a bucket low (fast tier)', () => {
  it('waits to the millisecond under 4 h: never high, less than 1 minute low', async () => {
    for (let round = 0; round < 20; round++) {
      const waits = Array.from({ length: 5 + Math.floor(random() * 80) }, () => random() * 239.999 - (round % 4 ? 0 : 30));
      const low = lowBy(await percentilesOf(await locationWithWaits(waits)));
      for (const by of low) {
        expect(by).toBeGreaterThanOrEqual(0);
        expect(by).toBeLessThan(1);
      }
    }
  });

  it('waits to the millisecond from 4 h to 24 h: never high, less than 15 minutes low', async () => {
    for (let round = 0; round < 10; round++) {
      const waits = Array.from({ length: 5 + Math.floor(random() * 60) }, () => 240 + random() * 1199.99);
      const low = lowBy(await percentilesOf(await locationWithWaits(waits)));
      for (const by of low) {
        expect(by).toBeGreaterThanOrEqual(0);
        expect(by).toBeLessThan(15);
      }
    }
  });

  it('whole-minute waits: exactly what percentile_cont gives', async () => {
    const waits = Array.from({ length: 57 }, () => Math.floor(random() * 200) - 5);
    expect(lowBy(await percentilesOf(await locationWithWaits(waits)))).toEqual([0, 0]);
  });

  it('a wait of a day or more counts as 24 h (one bucket): a percentile that falls there reads 1,440 minutes', async () => {
    const got = await percentilesOf(await locationWithWaits([10, 20, 1_500.5, 3_000, 4_000.25]));
    expect(got.exact.p50).toBe(1_500.5);
    expect(got.fromHistogram.p50).toBe(1_440);
    expect(got.fromHistogram.p90).toBe(1_440);
  });
});
