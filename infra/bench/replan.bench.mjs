// npm run bench:replan — re-planning in process on the reference day: 40 chairs, 12 nurses,
// one day booked to about 70% of chair time, then a sick call leaves 10 appointments without their
// nurse (or an overrun holds a chair). Times planReplans, the whole computation the use case does
// after its one read of the center. Prints p50/p95/p99.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DateTime } from 'luxon';

const { findSlots, bookSlot } = await import('../../apps/scheduling/dist/slot-search/find-slots.js');
const { planReplans } = await import('../../apps/scheduling/dist/replans/plan-replans.js');
const { DEFAULT_THERAPIES, THERAPY_CODES } = await import('../../libs/domain/dist/index.js');

const ZONE = 'America/Chicago';
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const AFFECTED = 10;
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const day = DateTime.fromISO('2026-12-08', { zone: ZONE });
const hours = { opens: '07:00', closes: '19:00' };
const baseCenter = () => ({
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
    shifts: [0, 1].map((d) => {
      const s = day.plus({ days: d }).set({ hour: i % 2 ? 7 : 9 });
      return {
        start: s.toMillis(),
        end: s.plus({ hours: 10 }).toMillis(),
        breaks: [{ start: s.plus({ hours: 5 }).toMillis(), end: s.plus({ hours: 5, minutes: 30 }).toMillis() }],
      };
    }),
  })),
  bookings: [],
});
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

// Book the day to ~70% of chair time, then the days after it like it (re-plans may look 24 h ahead).
const center = baseCenter();
const requests = new Map();
const openMinutes = 40 * 12 * 60;
for (const d of [0, 1]) {
  let used = 0;
  const dayWindow = { from: day.plus({ days: d }).toMillis(), to: day.plus({ days: d + 1 }).toMillis(), now: 0, limit: 5 };
  for (let misses = 0; misses < 20 && used < openMinutes * 0.7;) {
    const r = request();
    const [slot] = findSlots(center, r, dayWindow);
    if (!slot) {
      misses++;
      continue;
    }
    const id = randomUUID();
    center.bookings.push(bookSlot(slot, r, id));
    requests.set(id, r);
    used += (slot.chairReleasedAt - slot.start) / 60_000;
  }
}
const firstDay = center.bookings.filter((b) => b.start < day.plus({ days: 1 }).toMillis());

const timings = [];
let placed = 0;
let delays = 0;
for (let run = 0; run < RUNS; run++) {
  // A sick call: one nurse's shift on the day is gone; her first 10 appointments of it need re-planning.
  const sick = `nurse-${run % 12}`;
  const hers = firstDay.filter((b) => b.nurseId === sick).slice(0, AFFECTED);
  const others = firstDay.filter((b) => b.nurseId !== sick);
  const disturbed = [...hers, ...others.slice(0, AFFECTED - hers.length)];
  const state = { ...center, nurses: center.nurses.map((n) => (n.id === sick ? { ...n, shifts: n.shifts.slice(1) } : n)) };
  const input = disturbed.map((b) => ({ booking: b, request: requests.get(b.id), patientBusy: [] }));
  const now = day.set({ hour: 6 }).toMillis();
  const t0 = process.hrtime.bigint();
  const replans = planReplans(state, input, now);
  timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
  for (const r of replans)
    if (r.slot) {
      placed++;
      delays += (r.slot.start - disturbed.find((b) => b.id === r.appointmentId).start) / 60_000;
    }
}
timings.sort((a, b) => a - b);
const p = (q) => timings[Math.min(timings.length - 1, Math.ceil(q * timings.length) - 1)].toFixed(1);
console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);
console.log(`Day: 40 chairs, 12 nurses, ${firstDay.length} bookings on the day (${center.bookings.length} over two days)`);
console.log(
  `planReplans, ${AFFECTED} affected appointments, ${RUNS} sick calls: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms, max ${timings.at(-1).toFixed(1)} ms; ${placed}/${RUNS * AFFECTED} placed, mean delay ${(delays / Math.max(1, placed)).toFixed(0)} min`,
);
