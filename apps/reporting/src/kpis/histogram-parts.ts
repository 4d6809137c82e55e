/** A stored wait histogram of a calendar year, month or day (its first date), added or taken away. */
export interface HistogramPart {
  level: 'year' | 'month' | 'day';
  start: string;
  sign: number;
}

const DAY_MS = 86_400_000;
/**
 * Rows merged per histogram, relative: at the benchmark's scale an organisation's year and a month
 * have about the same number of rows (the buckets fill up), a day about a quarter of that.
 */
const WEIGHT: Record<HistogramPart['level'], number> = { year: 1, month: 1, day: 0.25 };

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const cost = (parts: HistogramPart[]) => parts.reduce((s, p) => s + WEIGHT[p.level], 0);
const cheaper = (a: HistogramPart[], b: HistogramPart[]) => (cost(a) <= cost(b) ? a : b);

function days(from: number, to: number, sign: number): HistogramPart[] {
  const parts: HistogramPart[] = [];
  for (let d = from; d <= to; d += DAY_MS) parts.push({ level: 'day', start: iso(d), sign });
  return parts;
}

/** The days [from, to] of the month starting at `month`: as days, or as the month less its other days. */
function monthPart(month: number, from: number, to: number, sign: number): HistogramPart[] {
  const start = new Date(month);
  const last = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) - DAY_MS;
  const lo = Math.max(from, month);
  const hi = Math.min(to, last);
  if (lo > hi) return [];
  if (lo === month && hi === last) return [{ level: 'month', start: iso(month), sign }];
  return cheaper(days(lo, hi, sign), [
    { level: 'month', start: iso(month), sign },
    ...days(month, lo - DAY_MS, -sign),
    ...days(hi + DAY_MS, last, -sign),
  ]);
}

function interval(from: number, to: number, sign: number): HistogramPart[] {
  const parts: HistogramPart[] = [];
  const first = new Date(from);
  for (
    let month = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
    month <= to;
    month = Date.UTC(new Date(month).getUTCFullYear(), new Date(month).getUTCMonth() + 1, 1)
  )
    parts.push(...monthPart(month, from, to, sign));
  return parts;
}

/** The days [from, to] of `year`: as months and days, or as the year less its other months and days. */
function yearPart(year: number, from: number, to: number): HistogramPart[] {
  const first = Date.UTC(year, 0, 1);
  const last = Date.UTC(year + 1, 0, 1) - DAY_MS;
  const lo = Math.max(from, first);
  const hi = Math.min(to, last);
  if (lo > hi) return [];
  if (lo === first && hi === last) return [{ level: 'year', start: iso(first), sign: 1 }];
  return cheaper(interval(lo, hi, 1), [
    { level: 'year', start: iso(first), sign: 1 },
    ...interval(first, lo - DAY_MS, -1),
    ...interval(hi + DAY_MS, last, -1),
  ]);
}

/**
 * The stored histograms whose signed sum is the histogram of the local dates [from, to]: counts
 * add and subtract exactly, so a rolling year such as 2027-01-02 to 2028-01-01 is the year 2027
 * less 1 January plus 1 January 2028 (about 60,000 rows for an organisation of 100 centers) rather
 * than eleven months and thirty-one days (about 500,000). Each year of the range is covered from
 * below (its months and days) or from above (the year less the rest), whichever merges fewer rows.
 */
export function histogramParts(from: string, to: string): HistogramPart[] {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  const net = new Map<string, HistogramPart>();
  for (let year = new Date(a).getUTCFullYear(); year <= new Date(b).getUTCFullYear(); year++)
    for (const p of yearPart(year, a, b)) {
      const key = `${p.level}|${p.start}`;
      net.set(key, { ...p, sign: (net.get(key)?.sign ?? 0) + p.sign });
    }
  return [...net.values()].filter((p) => p.sign !== 0);
}
