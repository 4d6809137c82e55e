// npm run bench:slots — slot search in-process on the reference center:
// 40 chairs, 12 nurses, 14 days, about 70% of chair time booked. Prints p50/p95/p99/p99.9 and the
// CPU ms per search. The engine alone, no database: it is the in-process reference that issue 20
// compares slot search over HTTP with, and `npm run bench:booking` measures both in one run. Like
// every benchmark it first measures the machine (pgbench TPC-B against the same PostgreSQL,
// reference.mjs) and states its latencies as ratios to pgbench's average latency, with the CPU ms
// per search of this process and of PostgreSQL (idle here but for whatever else uses it).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DateTime } from 'luxon';
import {
  cpuGroups,
  fmt,
  formatCpu,
  formatPgbench,
  latencySummary,
  pgbenchReference,
  postgresConnection,
  startCpu,
} from './reference.mjs';

// The reference first, before anything of the benchmark runs.
const connection = postgresConnection();
const reference = await pgbenchReference({ connection });
console.log(formatPgbench(reference));

const { findSlots, bookSlot } = await import('../../apps/scheduling/dist/slot-search/find-slots.js');
const { DEFAULT_THERAPIES, THERAPY_CODES } = await import('../../libs/domain/dist/index.js');

const ZONE = 'America/Chicago';
const DAYS = 14;
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const start = DateTime.fromISO('2026-12-07', { zone: ZONE });
const hours = { opens: '07:00', closes: '19:00' };
const center = {
  locationId: 'bench',
  calendar: {
    timeZone: ZONE,
    weeklyHours: { 1: [hours], 2: [hours], 3: [hours], 4: [hours], 5: [hours], 6: [hours], 7: [hours] },
    closedDates: [],
  },
  chairs: Array.from({ length: 40 }, (_, i) => ({
    id: `chair-${String(i).padStart(2, '0')}`,
    kind: i % 10 === 9 ? 'bed' : i % 10 === 8 ? 'private_room' : 'recliner',
    outOfService: [],
  })),
  nurses: Array.from({ length: 12 }, (_, i) => ({
    id: `nurse-${i}`,
    certifications: i % 3 === 0 ? ['infusion'] : ['infusion', 'chemotherapy_biotherapy'],
    capacity: 4,
    startWindowMinutes: 15,
    shifts: Array.from({ length: DAYS }, (_, d) => {
      const day = start.plus({ days: d });
      const s = day.set({ hour: i % 2 ? 7 : 9 });
      return {
        start: s.toMillis(),
        end: s.plus({ hours: 10 }).toMillis(),
        breaks: [{ start: s.plus({ hours: 5 }).toMillis(), end: s.plus({ hours: 5, minutes: 30 }).toMillis() }],
      };
    }),
  })),
  bookings: [],
};
const window = { from: start.toMillis(), to: start.plus({ days: DAYS }).toMillis(), now: start.toMillis() - 86_400_000 };
const openMinutes = 40 * DAYS * 12 * 60;
const request = () => {
  const therapy = DEFAULT_THERAPIES[THERAPY_CODES[Math.floor(random() * THERAPY_CODES.length)]];
  return {
    patientId: randomUUID(),
    durationMinutes: therapy.defaultDurationMinutes,
    observationMinutes: therapy.observationMinutes,
    turnoverMinutes: therapy.turnoverMinutes,
    chairKinds: therapy.chairKinds,
    certification: therapy.certification,
    pharmacyLeadMinutes: therapy.pharmacyLeadMinutes,
  };
};

// Pre-book to ~70% of chair time (turnover included), one day at a time as a real calendar fills.
const fillStarted = Date.now();
let used = 0;
for (let d = 0; d < DAYS && used / openMinutes < 0.7; d++) {
  const dayWindow = {
    from: start.plus({ days: d }).toMillis(),
    to: start.plus({ days: d + 1 }).toMillis(),
    now: window.now,
    limit: 5,
  };
  for (let misses = 0; misses < 20 && used < openMinutes * 0.7 * ((d + 1) / DAYS);) {
    const r = request();
    const [slot] = findSlots(center, r, dayWindow);
    if (!slot) {
      misses++;
      continue;
    }
    center.bookings.push(bookSlot(slot, r, randomUUID()));
    used += (slot.chairReleasedAt - slot.start) / 60_000;
  }
}
const utilisation = used / openMinutes;

const timings = [];
const cpuBefore = process.cpuUsage();
const cpuGroupsUsed = startCpu(cpuGroups({ postgresPort: connection.port, self: 'bench process (findSlots in process)' }));
for (let i = 0; i < SEARCHES; i++) {
  const r = request();
  const t0 = process.hrtime.bigint();
  findSlots(center, r, { ...window, limit: 20, preferredLocal: { from: '09:00', to: '11:00' } });
  timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const cpu = process.cpuUsage(cpuBefore);
const cpuPerProcess = cpuGroupsUsed.end(SEARCHES);
const s = latencySummary(timings);
console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);
console.log(
  `Center: 40 chairs, 12 nurses, ${DAYS} days, ${center.bookings.length} bookings, ${(utilisation * 100).toFixed(0)}% of chair time booked (filled in ${((Date.now() - fillStarted) / 1000).toFixed(1)} s)`,
);
console.log(
  `findSlots over ${DAYS} days, ${SEARCHES} searches: p50 ${fmt(s.p50, 1)} ms, p95 ${fmt(s.p95, 1)} ms, p99 ${fmt(s.p99, 1)} ms, p99.9 ${fmt(s.p999, 1)} ms, max ${fmt(s.max, 1)} ms; CPU ${fmt((cpu.user + cpu.system) / 1000 / SEARCHES, 2)} ms a search (this process)`,
);
const ratio = (ms) => fmt(ms / reference.latencyAverage, 2);
console.log(
  `As ratios to pgbench's average latency (${fmt(reference.latencyAverage, 1)} ms): p50 ${ratio(s.p50)} ×, p95 ${ratio(s.p95)} ×, p99 ${ratio(s.p99)} ×, p99.9 ${ratio(s.p999)} ×`,
);
console.log(`CPU per search:\n${formatCpu(cpuPerProcess, 'search')}`);

// The opening hours of the day around one start, as every booking's placement asks for them
// (50,000 calls over starts on the 15-minute grid of the fortnight).
const { openingIntervals } = await import('../../apps/scheduling/dist/slot-search/opening-hours.js');
const hoursStarted = process.hrtime.bigint();
for (let i = 0; i < 50_000; i++) {
  const at = window.from + (i % (DAYS * 96)) * 15 * 60_000;
  openingIntervals(center.calendar, at, at + 1);
}
console.log(
  `openingIntervals around one start, 50,000 calls: ${(Number(process.hrtime.bigint() - hoursStarted) / 1e3 / 50_000).toFixed(1)} µs a call`,
);
console.log(`Command: node infra/bench/slot-search.bench.mjs (BENCH_SEARCHES=${SEARCHES})`);
