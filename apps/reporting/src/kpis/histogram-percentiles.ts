import type { Percentiles } from './compute-kpis.js';

/** A merged wait histogram of one location, therapy and wait: its buckets ascending and their counts. */
export interface HistogramRow {
  location_id: string;
  therapy_code: string;
  wait: number;
  buckets: number[];
  counts: number[];
}

/** percentile_cont from a histogram: the values at the two ranks around p·(n−1), interpolated. */
function fromHistogram(n: number, p: number, low: number | null, high: number | null): number | null {
  if (!n || low === null || high === null) return null;
  const rank = p * (n - 1);
  return low + (high - low) * (rank - Math.floor(rank));
}

/**
 * The median and 90th percentile of one histogram (buckets ascending): the buckets holding the ranks
 * just below and above p·(n−1), interpolated as percentile_cont interpolates the values. The ranks are
 * found in integers ((n−1)/2 and 9(n−1)/10), not as 0.9·(n−1) in floating point, which lands a hair
 * above a whole rank (0.9 · 30 = 27.000000000000004) and would take the next bucket.
 */
export function histogramPercentiles(buckets: readonly number[], counts: readonly number[]): Percentiles {
  let n = 0;
  for (const c of counts) n += c;
  const ranks = [Math.floor((n - 1) / 2), Math.ceil((n - 1) / 2), Math.floor((9 * (n - 1)) / 10), Math.ceil((9 * (n - 1)) / 10)];
  const at: Array<number | null> = [null, null, null, null];
  let upto = 0;
  for (let i = 0; i < buckets.length; i++) {
    upto += counts[i]!;
    for (let r = 0; r < 4; r++) if (at[r] === null && upto > ranks[r]!) at[r] = buckets[i]!;
  }
  return { n, p50: fromHistogram(n, 0.5, at[0]!, at[1]!), p90: fromHistogram(n, 0.9, at[2]!, at[3]!) };
}

/** Adds `counts` at `buckets` into a histogram kept as bucket → count. */
function addInto(into: Map<number, number>, buckets: readonly number[], counts: readonly number[]): void {
  for (let i = 0; i < buckets.length; i++) into.set(buckets[i]!, (into.get(buckets[i]!) ?? 0) + counts[i]!);
}

/**
 * The percentiles of every group a report shows, keyed `${g}|${locationId}|${therapyCode}` (g as SQL's
 * grouping(location_id, therapy_code): 0 per location and therapy, 1 per location, 2 per therapy,
 * 3 the organisation; null where not grouped), each a list by wait. From the histograms PostgreSQL
 * merged per location, therapy and wait (a few thousand rows); the rollups above them are summed here,
 * a few dozen buckets each, where the database spent a third of an organisation year's statement sorting
 * and windowing them.
 */
export function percentilesByGroup(rows: readonly HistogramRow[]): Map<string, Percentiles[]> {
  const rolled = new Map<
    string,
    { g: number; location: string | null; therapy: string | null; wait: number; at: Map<number, number> }
  >();
  const rollInto = (g: number, location: string | null, therapy: string | null, r: HistogramRow) => {
    const key = `${g}|${location}|${therapy}|${r.wait}`;
    let group = rolled.get(key);
    if (!group) rolled.set(key, (group = { g, location, therapy, wait: r.wait, at: new Map() }));
    addInto(group.at, r.buckets, r.counts);
  };
  const out = new Map<string, Percentiles[]>();
  const put = (g: number, location: string | null, therapy: string | null, wait: number, p: Percentiles) => {
    const key = `${g}|${location}|${therapy}`;
    const list = out.get(key) ?? [];
    list[wait] = p;
    out.set(key, list);
  };
  for (const r of rows) {
    put(0, r.location_id, r.therapy_code, r.wait, histogramPercentiles(r.buckets, r.counts));
    rollInto(1, r.location_id, null, r);
    rollInto(2, null, r.therapy_code, r);
    rollInto(3, null, null, r);
  }
  for (const group of rolled.values()) {
    // A bucket whose additions and removals cancel holds nothing (as SQL's HAVING sum(visits) <> 0 per location and therapy).
    const buckets = [...group.at.keys()].filter((b) => group.at.get(b) !== 0).sort((a, b) => a - b);
    put(
      group.g,
      group.location,
      group.therapy,
      group.wait,
      histogramPercentiles(
        buckets,
        buckets.map((b) => group.at.get(b)!),
      ),
    );
  }
  return out;
}
