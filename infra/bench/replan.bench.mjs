// npm run bench:replan — re-planning on the issue's reference day: 40 chairs, 12 nurses, one day
// booked to about 70% of chair time, then a sick call leaves 10 appointments without their nurse.
// Measured twice, beside the machine's own reference measured first in the same run (pgbench TPC-B
// against the same PostgreSQL, reference.mjs), as ratios to its average latency:
//   1. In process: planReplans alone, the computation the propose use case does after its one read
//      of the center, and its CPU ms per sick call.
//   2. Through the real path (BENCH_HTTP_RUNS sick calls, 30 by default; 0 skips it): a scheduling
//      process on a migrated database of its own, the days booked through POST /appointments, then
//      what a charge nurse granted that one location does: DELETE the nurse's shift (the sick call),
//      wait until the service's own consumer of appointment.needs-replan (over Kafka) has handled
//      every one of the sick call's events (its inbox rows), GET the day's proposals (the re-plan
//      proposes nothing for an appointment it cannot place), and POST them to /replans/apply. p50/p95/p99 of each
//      step and of the whole, and the CPU ms per sick call of the service, PostgreSQL and the broker.
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
import { prepareServiceBench } from './service-bench.mjs';

const HTTP_RUNS = Number(process.env.BENCH_HTTP_RUNS ?? 30);
const bench = await prepareServiceBench('scheduling');
// The reference first, before anything of the benchmark runs.
const connection = postgresConnection(bench.env);
const reference = await pgbenchReference({ connection });
console.log(formatPgbench(reference));

const { findSlots, bookSlot } = await import('../../apps/scheduling/dist/slot-search/find-slots.js');
const { planReplans } = await import('../../apps/scheduling/dist/replans/plan-replans.js');
const { DEFAULT_THERAPIES, THERAPY_CODES } = await import('../../libs/domain/dist/index.js');

const ZONE = 'America/Chicago';
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const AFFECTED = 10;
const { AppointmentNeedsReplanV1 } = await import('../../libs/contracts/dist/index.js');
/** The outbox event_type of appointment.needs-replan. */
const NEEDS_REPLAN_TYPE = AppointmentNeedsReplanV1.type;
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
const cpu = startCpu(cpuGroups({ postgresPort: connection.port, self: 'bench process (planReplans in process)' }));
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
const cpuUsed = cpu.end(RUNS);
timings.sort((a, b) => a - b);
const at = (q) => timings[Math.min(timings.length - 1, Math.ceil(q * timings.length) - 1)];
const p = (q) => at(q).toFixed(1);
const ratio = (ms) => fmt(ms / reference.latencyAverage, 2);
console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);
console.log(`Day: 40 chairs, 12 nurses, ${firstDay.length} bookings on the day (${center.bookings.length} over two days)`);
console.log(
  `planReplans, ${AFFECTED} affected appointments, ${RUNS} sick calls: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms, max ${timings.at(-1).toFixed(1)} ms; ${placed}/${RUNS * AFFECTED} placed, mean delay ${(delays / Math.max(1, placed)).toFixed(0)} min`,
);
console.log(
  `As ratios to pgbench's average latency (${fmt(reference.latencyAverage, 1)} ms): p50 ${ratio(at(0.5))} ×, p95 ${ratio(at(0.95))} ×, p99 ${ratio(at(0.99))} ×`,
);
console.log(`CPU per sick call:\n${formatCpu(cpuUsed, 'sick call')}`);

if (HTTP_RUNS > 0) await overHttp();
await bench.finish();
console.log(`Command: node infra/bench/replan.bench.mjs (BENCH_RUNS=${RUNS}, BENCH_HTTP_RUNS=${HTTP_RUNS})`);

/**
 * The same day in PostgreSQL, one per sick call: each day's sick nurse gets 10 appointments first,
 * the other eleven are booked to about 70% of chair time, all through POST /appointments with the
 * chair, nurse and start that the engine found in a copy of the center kept here (so none is
 * refused and the day is as full as the in-process one). Then the charge nurse's three calls.
 */
async function overHttp() {
  const { DEV_ORGANISATION_ID, mintDevToken } = await import('../../libs/platform/dist/index.js');
  const { db, env } = bench;
  const PORT = 3917;
  const WARM_UP = 2;
  // One day per sick call (a re-plan changes its day), the warm-up's, and one more for the 24 h look-ahead.
  const DAYS = WARM_UP + HTTP_RUNS + 1;
  const THERAPIES = ['iron', 'hydration', 'immunotherapy', 'steroids', 'iv_antibiotics', 'biologics', 'therapeutic_phlebotomy'];
  const first = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('day');
  const locationId = randomUUID();
  await db.query(
    `INSERT INTO location (id, organisation_id, name, time_zone, version, weekly_hours) VALUES ($1, $2, 'Bench re-plan', $3, 1, $4)`,
    [locationId, DEV_ORGANISATION_ID, ZONE, JSON.stringify(baseCenter().calendar.weeklyHours)],
  );
  const mirror = { ...baseCenter(), locationId, bookings: [] };
  mirror.chairs = [];
  for (const [i, chair] of baseCenter().chairs.entries()) {
    const id = randomUUID();
    await db.query(`INSERT INTO chair (id, location_id, label, kind, version) VALUES ($1, $2, $3, $4, 1)`, [
      id,
      locationId,
      `Chair ${i + 1}`,
      chair.kind,
    ]);
    mirror.chairs.push({ ...chair, id });
  }
  mirror.nurses = [];
  const shiftIds = new Map();
  for (const [i, nurse] of baseCenter().nurses.entries()) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO nurse (id, location_id, display_name, certifications, capacity, start_window_minutes) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, locationId, `Nurse ${i + 1}`, nurse.certifications, nurse.capacity, nurse.startWindowMinutes],
    );
    const shifts = [];
    for (let d = 0; d < DAYS; d++) {
      const s = first.plus({ days: d }).set({ hour: i % 2 ? 7 : 9 });
      const shift = {
        start: s.toMillis(),
        end: s.plus({ hours: 10 }).toMillis(),
        breaks: [{ start: s.plus({ hours: 5 }).toMillis(), end: s.plus({ hours: 5, minutes: 30 }).toMillis() }],
      };
      const shiftId = randomUUID();
      await db.query(`INSERT INTO nurse_shift (id, nurse_id, starts_at, ends_at, breaks) VALUES ($1, $2, $3, $4, $5)`, [
        shiftId,
        id,
        new Date(shift.start),
        new Date(shift.end),
        JSON.stringify(shift.breaks.map((b) => ({ start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString() }))),
      ]);
      shiftIds.set(`${id} ${d}`, shiftId);
      shifts.push(shift);
    }
    mirror.nurses.push({ ...nurse, id, shifts });
  }
  const MRN = `'C' || lpad(nextval('patient_mrn_seq')::text, 8, '0')`;
  const { rows: patients } = await db.query(
    `INSERT INTO patient (id, organisation_id, given_name, family_name, date_of_birth, version, mrn, name_search)
     SELECT gen_random_uuid(), $1, 'Bench', 'Patient ' || i, '1970-01-01', 1, ${MRN}, 'bench patient ' || i
       FROM generate_series(1, $2::int) i RETURNING id`,
    [DEV_ORGANISATION_ID, 300 * DAYS],
  );
  const bookings = [];
  const place = (nurses, therapyCode, window) => {
    // A patient of their own for each booking: a day holds about 220 (chair ids are random, so ties break differently each run).
    if (bookings.length >= patients.length) return undefined;
    const therapy = DEFAULT_THERAPIES[therapyCode];
    const r = {
      patientId: patients[bookings.length].id,
      durationMinutes: therapy.defaultDurationMinutes,
      observationMinutes: therapy.observationMinutes,
      turnoverMinutes: therapy.turnoverMinutes,
      chairKinds: therapy.chairKinds,
      certification: therapy.certification,
      pharmacyLeadMinutes: therapy.pharmacyLeadMinutes,
    };
    const [slot] = findSlots({ ...mirror, nurses }, r, window);
    if (!slot) return undefined;
    const id = randomUUID();
    mirror.bookings.push(bookSlot(slot, r, id));
    bookings.push({
      patientId: r.patientId,
      therapyCode,
      startsAt: new Date(slot.start).toISOString(),
      chairId: slot.chairId,
      nurseId: slot.nurseId,
    });
    return slot;
  };
  for (let d = 0; d < DAYS; d++) {
    const window = { from: first.plus({ days: d }).toMillis(), to: first.plus({ days: d + 1 }).toMillis(), now: 0, limit: 5 };
    const sick = mirror.nurses[d % mirror.nurses.length];
    let used = 0;
    for (let hers = 0, misses = 0; hers < AFFECTED && misses < 50;) {
      const slot = place([sick], THERAPIES[Math.floor(random() * THERAPIES.length)], window);
      if (!slot) misses++;
      else {
        hers++;
        used += (slot.chairReleasedAt - slot.start) / 60_000;
      }
    }
    const others = mirror.nurses.filter((n) => n !== sick);
    for (let misses = 0; misses < 20 && used < openMinutes * 0.7;) {
      const slot = place(others, THERAPIES[Math.floor(random() * THERAPIES.length)], window);
      if (!slot) misses++;
      else used += (slot.chairReleasedAt - slot.start) / 60_000;
    }
  }

  const service = bench.spawnService(PORT, { KAFKA_CONSUMER_GROUP: `bench-replan-${Date.now()}` });
  const url = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300) throw new Error('scheduling did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  // The least privileged users who can do each part: granted this one location, by id.
  const tokenOptions = {
    issuer: env.AUTH_OIDC_ISSUER,
    nodeEnv: env.NODE_ENV,
    ...(env.IDENTITY_DATA_DIR ? { dir: env.IDENTITY_DATA_DIR } : {}),
  };
  const as = (role) => ({
    authorization: `Bearer ${mintDevToken({ sub: `bench-${role}`, org: DEV_ORGANISATION_ID, roles: [role], locations: [locationId] }, tokenOptions)}`,
    'content-type': 'application/json',
  });
  const scheduler = as('scheduler');
  const chargeNurse = as('charge-nurse');
  const call = async (method, path, headers, body) => {
    const t = performance.now();
    const response = await fetch(`${url}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    const json = await response.json();
    return { status: response.status, json, ms: performance.now() - t };
  };

  const bookedAt = performance.now();
  const refused = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < bookings.length) {
        const b = bookings[next++];
        const { status, json } = await call('POST', `/locations/${locationId}/appointments`, scheduler, b);
        if (status !== 201)
          refused[`${status} ${json.reason ?? json.type}`] = (refused[`${status} ${json.reason ?? json.type}`] ?? 0) + 1;
      }
    }),
  );
  const refusedCount = Object.values(refused).reduce((a, b) => a + b, 0);
  console.log(
    `Over HTTP: ${bookings.length - refusedCount} of ${bookings.length} bookings made through POST /appointments over ${DAYS} days ` +
      `(${fmt(bookings.length / DAYS)} a day) in ${fmt((performance.now() - bookedAt) / 1000, 1)} s` +
      (refusedCount ? `; refused: ${JSON.stringify(refused)}` : ''),
  );

  const steps = { sickCall: [], proposed: [], list: [], apply: [], whole: [] };
  let affectedTotal = 0;
  let proposedTotal = 0;
  let appliedTotal = 0;
  let polls = 0;
  let incomplete = 0;
  let cpuHttp;
  for (let d = 0; d < WARM_UP + HTTP_RUNS; d++) {
    if (d === WARM_UP)
      cpuHttp = startCpu(
        cpuGroups({
          postgresPort: connection.port,
          kafkaPort: Number((env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1)),
          services: [{ name: 'scheduling service', pid: service.pid }],
          self: 'bench process (fetch, polling the proposals)',
        }),
      );
    const measured = d >= WARM_UP;
    const sick = mirror.nurses[d % mirror.nurses.length];
    const date = first.plus({ days: d }).toISODate();
    // The outbox position before the sick call: its needs-replan events are the ones after it.
    const {
      rows: [{ last }],
    } = await db.query(`SELECT coalesce(max(position), 0)::text AS last FROM outbox`);
    const t0 = performance.now();
    const removed = await call(
      'DELETE',
      `/locations/${locationId}/nurses/${sick.id}/shifts/${shiftIds.get(`${sick.id} ${d}`)}`,
      chargeNurse,
      { reason: 'sick call' },
    );
    if (removed.status !== 200) throw new Error(`sick call: ${removed.status} ${JSON.stringify(removed.json)}`);
    const affected = new Set(removed.json.affectedAppointments.map((a) => a.appointmentId));
    // The proposals are made by the service's consumer of appointment.needs-replan: polled every 10 ms
    // until every needs-replan event of this sick call has been handled (its inbox row commits with the
    // proposal it made, if any), then listed. Not until there is a proposal for each affected appointment:
    // the re-plan proposes nothing for one it cannot place, or whose place still holds, and that wait
    // ran to its 15 s deadline (session 14's review).
    let listed;
    let list;
    for (const deadline = performance.now() + 15_000; ;) {
      if (measured) polls++;
      const {
        rows: [{ events, handled }],
      } = await db.query(
        `SELECT count(*)::int AS events, count(i.event_id)::int AS handled
           FROM outbox o LEFT JOIN inbox i ON i.event_id = o.event_id
          WHERE o.position > $1 AND o.event_type = $2 AND o.aggregate_id = ANY($3)`,
        [last, NEEDS_REPLAN_TYPE, [...affected]],
      );
      const done = events >= affected.size && handled >= events;
      if (done || performance.now() > deadline) {
        list = await call('GET', `/locations/${locationId}/replans?date=${date}`, chargeNurse);
        if (list.status !== 200) throw new Error(`replans: ${list.status} ${JSON.stringify(list.json)}`);
        listed = list.json.proposals.filter((p) => affected.has(p.appointmentId));
        if (!done && measured) incomplete++;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const t1 = performance.now();
    const applied = listed.length
      ? await call('POST', `/locations/${locationId}/replans/apply`, chargeNurse, {
          proposals: listed.map((p) => ({ proposalId: p.proposalId, version: p.version })),
        })
      : { status: 200, json: { applied: [] }, ms: 0 };
    if (applied.status !== 200) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.json)}`);
    const t2 = performance.now();
    if (!measured) continue;
    affectedTotal += affected.size;
    proposedTotal += listed.length;
    appliedTotal += applied.json.applied.length;
    steps.sickCall.push(removed.ms);
    steps.proposed.push(t1 - t0);
    steps.list.push(list.ms);
    steps.apply.push(applied.ms);
    steps.whole.push(t2 - t0);
  }
  const cpuUsed = cpuHttp.end(HTTP_RUNS);
  service.kill('SIGTERM');
  const line = (name, values) => {
    const s = latencySummary(values);
    const r = (v) => fmt(v / reference.latencyAverage, 2);
    return `  ${name.padEnd(58)} p50 ${fmt(s.p50, 1).padStart(6)} ms, p95 ${fmt(s.p95, 1).padStart(6)} ms, p99 ${fmt(s.p99, 1).padStart(6)} ms, max ${fmt(s.max, 1).padStart(6)} ms  (${r(s.p50)} / ${r(s.p95)} / ${r(s.p99)} × pgbench)`;
  };
  console.log(
    `${HTTP_RUNS} sick calls (after ${WARM_UP} not counted), one at a time, as a charge nurse granted the one location: ` +
      `${affectedTotal} appointments flagged (${fmt(affectedTotal / HTTP_RUNS, 1)} a sick call), ${proposedTotal} proposals listed, ` +
      `${appliedTotal} applied${incomplete ? `, ${incomplete} sick calls whose needs-replan events were not all handled after 15 s` : ''}; ` +
      `${fmt(polls / HTTP_RUNS, 1)} polls of the inbox a sick call:`,
  );
  console.log(line('DELETE the shift (sick call; flags 10, publishes)', steps.sickCall));
  console.log(line('sick call sent → every needs-replan handled, proposals listed', steps.proposed));
  console.log(line("GET the day's proposals (the last one)", steps.list));
  console.log(line(`POST /replans/apply (${fmt(appliedTotal / HTTP_RUNS, 1)} moves a call, all or nothing)`, steps.apply));
  console.log(line('whole: sick call sent → proposals applied', steps.whole));
  console.log(`CPU per sick call (10 appointments proposed and applied):\n${formatCpu(cpuUsed, 'sick call')}`);
}
