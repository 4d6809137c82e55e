import { histogramParts, type HistogramPart } from './histogram-parts.js';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** How often each date counts in the parts' signed sum (a year or month counts on each of its days). */
function coverage(parts: HistogramPart[]): Map<string, number> {
  const counted = new Map<string, number>();
  for (const p of parts) {
    const start = Date.parse(`${p.start}T00:00:00Z`);
    const d = new Date(start);
    const end =
      p.level === 'day'
        ? start + DAY_MS
        : p.level === 'month'
          ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
          : Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    for (let t = start; t < end; t += DAY_MS) counted.set(iso(t), (counted.get(iso(t)) ?? 0) + p.sign);
  }
  return counted;
}

function expectExactly(from: string, to: string): HistogramPart[] {
  const parts = histogramParts(from, to);
  const counted = coverage(parts);
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  const wrong: string[] = [];
  for (const [date, n] of counted) {
    const t = Date.parse(`${date}T00:00:00Z`);
    if (n !== (t >= a && t <= b ? 1 : 0)) wrong.push(`${date} counted ${n} times`);
  }
  for (let t = a; t <= b; t += DAY_MS) if (!counted.has(iso(t))) wrong.push(`${iso(t)} missing`);
  expect([from, to, wrong]).toEqual([from, to, []]);
  return parts;
}

describe('histogramParts: stored histograms whose signed sum is a range', () => {
  it('reads a rolling year as a calendar year less a day plus a day', () => {
    expect(expectExactly('2027-01-02', '2028-01-01')).toEqual([
      { level: 'year', start: '2027-01-01', sign: 1 },
      { level: 'day', start: '2027-01-01', sign: -1 },
      { level: 'day', start: '2028-01-01', sign: 1 },
    ]);
  });

  it('reads whole years, months and days as themselves', () => {
    expect(expectExactly('2027-01-01', '2027-12-31')).toEqual([{ level: 'year', start: '2027-01-01', sign: 1 }]);
    expect(expectExactly('2027-03-01', '2027-03-31')).toEqual([{ level: 'month', start: '2027-03-01', sign: 1 }]);
    expect(expectExactly('2027-03-14', '2027-03-14')).toEqual([{ level: 'day', start: '2027-03-14', sign: 1 }]);
  });

  it('covers any range of up to 366 days exactly (leap years included), with at most a few dozen parts', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 300; i++) {
      const from = Date.UTC(2026, 0, 1) + Math.floor(next() * 1_100) * DAY_MS;
      const parts = expectExactly(iso(from), iso(from + Math.floor(next() * 366) * DAY_MS));
      expect(parts.length).toBeLessThanOrEqual(80);
    }
  });
});
