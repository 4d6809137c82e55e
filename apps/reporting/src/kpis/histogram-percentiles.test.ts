import { histogramPercentiles, percentilesByGroup, type HistogramRow } from './histogram-percentiles.js';

/** percentile_cont over the values themselves, as PostgreSQL computes it. */
function percentileCont(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = sorted[Math.floor(rank)]!;
  const high = sorted[Math.ceil(rank)]!;
  return low + (high - low) * (rank - Math.floor(rank));
}

/** A histogram of whole-minute values: buckets ascending and their counts. */
function histogramOf(values: number[]): { buckets: number[]; counts: number[] } {
  const at = new Map<number, number>();
  for (const v of values) at.set(v, (at.get(v) ?? 0) + 1);
  const buckets = [...at.keys()].sort((a, b) => a - b);
  return { buckets, counts: buckets.map((b) => at.get(b)!) };
}

let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;

describe('histogramPercentiles: percentile_cont from a histogram of whole minutes', () => {
  it('gives the values percentile_cont gives, for every count from 1 to 200 (ranks such as 0.9 · 30 included)', () => {
    for (let n = 1; n <= 200; n++) {
      const values = Array.from({ length: n }, () => Math.floor(random() * 60) - 10);
      const { buckets, counts } = histogramOf(values);
      expect([n, histogramPercentiles(buckets, counts)]).toEqual([
        n,
        { n, p50: percentileCont(values, 0.5), p90: percentileCont(values, 0.9) },
      ]);
    }
  });

  it('rolls the histograms of locations and therapies up by location, by therapy and for the organisation', () => {
    const values: Record<string, number[]> = {};
    const rows: HistogramRow[] = [];
    for (const location of ['a', 'b'])
      for (const therapy of ['iron', 'hydration'])
        for (const wait of [0, 2]) {
          const v = Array.from({ length: 5 + Math.floor(random() * 40) }, () => Math.floor(random() * 45));
          for (const key of [`0|${location}|${therapy}`, `1|${location}|null`, `2|null|${therapy}`, '3|null|null'])
            (values[`${key}|${wait}`] ??= []).push(...v);
          rows.push({ location_id: location, therapy_code: therapy, wait, ...histogramOf(v) });
        }
    const got = percentilesByGroup(rows);
    expect(got.size).toBe(4 + 2 + 2 + 1);
    for (const [key, v] of Object.entries(values)) {
      const [g, location, therapy, wait] = key.split('|');
      expect([key, got.get(`${g}|${location}|${therapy}`)?.[Number(wait)]]).toEqual([
        key,
        { n: v.length, p50: percentileCont(v, 0.5), p90: percentileCont(v, 0.9) },
      ]);
      expect(got.get(`${g}|${location}|${therapy}`)?.[1]).toBeUndefined();
    }
  });
});
