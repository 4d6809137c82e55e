// npm run bench:quality — does level-loading help? A seeded 4-week demand for a 30-chair center,
// booked once with Chairside's ranking and once first-fit, then measured from the bookings.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { cpuGroups, fmt, formatCpu, formatPgbench, pgbenchReference, postgresConnection, startCpu } from './reference.mjs';

// The reference first, before anything of the benchmark runs (pgbench TPC-B against the same
// PostgreSQL, reference.mjs). The quality measures are counts, not speeds, and need none; the time
// and CPU the two schedulings take are stated as ratios to it.
const connection = postgresConnection();
const reference = await pgbenchReference({ connection });
console.log(formatPgbench(reference));

const { findSlots, bookSlot } = await import('../../apps/scheduling/dist/slot-search/find-slots.js');
const { DEFAULT_THERAPIES } = await import('../../libs/domain/dist/index.js');

const ZONE = 'America/Chicago';
const WEEKS = 4;
const PER_DAY = Number(process.env.BENCH_PATIENTS_PER_DAY ?? 62);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const MIX = [
  ['chemotherapy', 25],
  ['biologics', 15],
  ['iron', 15],
  ['immune_globulin', 10],
  ['immunotherapy', 10],
  ['hydration', 10],
  ['iv_antibiotics', 5],
  ['steroids', 5],
  ['therapeutic_phlebotomy', 5],
];

function rng(seed) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const monday = DateTime.fromISO('2027-01-04', { zone: ZONE });
const days = Array.from({ length: WEEKS * 7 }, (_, i) => monday.plus({ days: i })).filter((d) => d.weekday <= 5);
const hours = { opens: '07:00', closes: '19:00' };

function emptyCenter() {
  return {
    locationId: 'quality',
    calendar: { timeZone: ZONE, weeklyHours: { 1: [hours], 2: [hours], 3: [hours], 4: [hours], 5: [hours] }, closedDates: [] },
    chairs: Array.from({ length: 30 }, (_, i) => ({
      id: `chair-${String(i).padStart(2, '0')}`,
      kind: i < 24 ? 'recliner' : i < 27 ? 'bed' : 'private_room',
      outOfService: [],
    })),
    nurses: Array.from({ length: 9 }, (_, i) => ({
      id: `nurse-${i}`,
      certifications: i % 3 === 2 ? ['infusion'] : ['infusion', 'chemotherapy_biotherapy'],
      capacity: 4,
      startWindowMinutes: 15,
      shifts: days.map((d) => {
        const s = d.set({ hour: i % 2 ? 7 : 9 });
        return {
          start: s.toMillis(),
          end: s.plus({ hours: 10 }).toMillis(),
          breaks: [{ start: s.plus({ hours: 5 }).toMillis(), end: s.plus({ hours: 5, minutes: 30 }).toMillis() }],
        };
      }),
    })),
    bookings: [],
  };
}

/** The same demand for both runs: therapy, day and requested local time per patient. */
function demand() {
  const random = rng(SEED);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  return days.flatMap((day) =>
    Array.from({ length: PER_DAY }, () => {
      let pick = random() * total;
      const [code] = MIX.find(([, w]) => (pick -= w) < 0) ?? MIX[0];
      const therapy = DEFAULT_THERAPIES[code];
      const minutes = Math.round(Math.min(15 * 60, Math.max(7.5 * 60, 10.5 * 60 + gaussian() * 60)) / 15) * 15; // mid-morning, as patients ask
      return {
        day,
        requested: day.startOf('day').plus({ minutes }).toMillis(),
        request: {
          patientId: randomUUID(),
          durationMinutes: therapy.defaultDurationMinutes,
          observationMinutes: therapy.observationMinutes,
          turnoverMinutes: therapy.turnoverMinutes,
          chairKinds: therapy.chairKinds,
          certification: therapy.certification,
          pharmacyLeadMinutes: therapy.pharmacyLeadMinutes,
        },
      };
    }),
  );
}

function schedule(strategy) {
  const center = emptyCenter();
  const placed = [];
  for (const d of demand()) {
    const dayWindow = {
      from: d.day.startOf('day').toMillis(),
      to: d.day.endOf('day').toMillis(),
      now: monday.minus({ days: 7 }).toMillis(),
      limit: 1000,
    };
    const slots = findSlots(
      center,
      d.request,
      strategy === 'ours'
        ? {
            ...dayWindow,
            preferredLocal: {
              from: DateTime.fromMillis(d.requested, { zone: ZONE }).toFormat('HH:mm'),
              to: DateTime.fromMillis(d.requested, { zone: ZONE }).plus({ minutes: 60 }).toFormat('HH:mm'),
            },
          }
        : dayWindow,
    );
    // First fit: the earliest feasible start at or after the requested time, else the earliest that day.
    const slot =
      strategy === 'ours'
        ? slots[0]
        : ([...slots].sort((a, b) => a.start - b.start).find((s) => s.start >= d.requested) ??
          [...slots].sort((a, b) => a.start - b.start)[0]);
    if (!slot) continue;
    center.bookings.push(bookSlot(slot, d.request, randomUUID()));
    placed.push({ requested: d.requested, start: slot.start });
  }
  return { center, placed };
}

function peak(intervals) {
  const events = intervals
    .flatMap((i) => [
      [i.start, 1],
      [i.end, -1],
    ])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, delta] of events) max = Math.max(max, (current += delta));
  return max;
}

function measure({ center, placed }) {
  const bookings = center.bookings;
  const openChairMinutes = days.length * 12 * 60 * center.chairs.length;
  const dailyPeaks = days.map((d) =>
    peak(
      bookings
        .filter((b) => DateTime.fromMillis(b.start, { zone: ZONE }).hasSame(d, 'day'))
        .map((b) => ({ start: b.start, end: b.chairReleasedAt })),
    ),
  );
  const nursePeak = Math.max(
    ...center.nurses.map((n) => peak(bookings.filter((b) => b.nurseId === n.id).map((b) => ({ start: b.start, end: b.end })))),
  );
  const buckets = new Map();
  for (const b of bookings) buckets.set(Math.floor(b.start / 900_000), (buckets.get(Math.floor(b.start / 900_000)) ?? 0) + 1);
  return {
    accommodated: bookings.length,
    utilisation: bookings.reduce((s, b) => s + (b.end - b.start) / 60_000, 0) / openChairMinutes,
    peakChairs: Math.max(...dailyPeaks),
    meanDailyPeakChairs: dailyPeaks.reduce((a, b) => a + b, 0) / dailyPeaks.length,
    peakPatientsPerNurse: nursePeak,
    peakStartsPer15: Math.max(...buckets.values()),
    meanHoursFromRequest: placed.reduce((s, p) => s + Math.abs(p.start - p.requested) / 3_600_000, 0) / placed.length,
  };
}

const requests = days.length * PER_DAY;
const timed = (strategy) => {
  const cpu = startCpu(cpuGroups({ postgresPort: connection.port, self: `bench process (${strategy}, findSlots in process)` }));
  const t0 = performance.now();
  const result = schedule(strategy);
  const ms = performance.now() - t0;
  return { result, ms, cpu: cpu.end(requests) };
};
const oursRun = timed('ours');
const firstFitRun = timed('first-fit');
const ours = measure(oursRun.result);
const firstFit = measure(firstFitRun.result);
const row = (label, key, digits = 0, pct = false) =>
  `| ${label} | ${pct ? (ours[key] * 100).toFixed(1) + '%' : ours[key].toFixed(digits)} | ${pct ? (firstFit[key] * 100).toFixed(1) + '%' : firstFit[key].toFixed(digits)} |`;
console.log(
  `Demand: ${requests} requests over ${days.length} weekdays (seed ${SEED}, ${PER_DAY}/day), 30 chairs, 9 nurses, open 07:00–19:00 ${ZONE}.\n`,
);
console.log('| measure | Chairside ranking | first fit |\n|---|---|---|');
console.log(
  [
    row('patients accommodated', 'accommodated'),
    row('scheduled chair utilisation', 'utilisation', 1, true),
    row('peak chairs in use (worst day)', 'peakChairs'),
    row('peak chairs in use (mean of daily peaks)', 'meanDailyPeakChairs', 1),
    row('peak patients per nurse', 'peakPatientsPerNurse'),
    row('peak starts per 15 minutes', 'peakStartsPer15'),
    row('mean hours from the requested time', 'meanHoursFromRequest', 2),
  ].join('\n'),
);
console.log(
  `\nPeak chairs in use (mean of daily peaks): ${(((firstFit.meanDailyPeakChairs - ours.meanDailyPeakChairs) / firstFit.meanDailyPeakChairs) * 100).toFixed(0)}% lower with Chairside's ranking.`,
);
for (const [name, run] of [
  ["Chairside's ranking", oursRun],
  ['first fit', firstFitRun],
]) {
  const perRequest = run.ms / requests;
  console.log(
    `${name}: ${requests} requests scheduled in ${fmt(run.ms)} ms, ${fmt(perRequest, 2)} ms a request = ${fmt(perRequest / reference.latencyAverage, 2)} × pgbench's average latency (${fmt(reference.latencyAverage, 1)} ms); CPU per request:\n${formatCpu(run.cpu, 'request')}`,
  );
}
console.log(`Command: node infra/bench/schedule-quality.bench.mjs (BENCH_PATIENTS_PER_DAY=${PER_DAY}, BENCH_SEED=${SEED})`);
