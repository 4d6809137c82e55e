// npm run bench:booking — booking and slot search over HTTP against a real scheduling process.
//   BENCH_SECONDS (20) of booking with BENCH_CLIENTS (50) concurrent clients, then BENCH_SEARCHES
//   (200) slot searches at one 40-chair location. Reports throughput, latency and an overlap audit.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DateTime } from 'luxon';
import { prepareServiceBench } from './service-bench.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
// BENCH_IDEMPOTENCY=1: every booking carries an Idempotency-Key, as the simulator's and careful clients' do.
const IDEMPOTENCY = process.env.BENCH_IDEMPOTENCY === '1';
const LOCATIONS = 10;
const DAYS = 14;
const ZONE = 'America/Chicago';
const PORT = 3901;
const { db, spawnService, finish, token: benchToken } = await prepareServiceBench('scheduling');

// Setup by SQL: 11 locations × (40 chairs, 12 nurses with a 10-hour shift a day), 5,000 patients.
const { DEV_ORGANISATION_ID } = await import('../../libs/platform/dist/index.js');
const first = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('day');
const hours = JSON.stringify(
  Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), [{ opens: '07:00', closes: '19:00' }]])),
);
const locations = [];
for (let l = 0; l <= LOCATIONS; l++) {
  const id = randomUUID();
  locations.push(id);
  await db.query(
    `INSERT INTO location (id, organisation_id, name, time_zone, version, weekly_hours) VALUES ($1, $2, $3, $4, 1, $5)`,
    [id, DEV_ORGANISATION_ID, `Bench ${l}`, ZONE, hours],
  );
  await db.query(
    `INSERT INTO chair (id, location_id, label, kind, version) SELECT gen_random_uuid(), $1, 'Chair ' || i, CASE WHEN i % 10 = 9 THEN 'bed' WHEN i % 10 = 8 THEN 'private_room' ELSE 'recliner' END, 1 FROM generate_series(1, 40) i`,
    [id],
  );
  for (let n = 0; n < 12; n++) {
    const nurse = randomUUID();
    await db.query(
      `INSERT INTO nurse (id, location_id, display_name, certifications, capacity, start_window_minutes) VALUES ($1, $2, $3, $4, 4, 15)`,
      [nurse, id, `Nurse ${n}`, n % 3 === 0 ? ['infusion'] : ['infusion', 'chemotherapy_biotherapy']],
    );
    for (let d = 0; d < DAYS; d++) {
      const s = first.plus({ days: d }).set({ hour: n % 2 ? 7 : 9 });
      await db.query(
        `INSERT INTO nurse_shift (id, nurse_id, starts_at, ends_at, breaks) VALUES (gen_random_uuid(), $1, $2, $3, $4)`,
        [
          nurse,
          s.toJSDate(),
          s.plus({ hours: 10 }).toJSDate(),
          JSON.stringify([{ start: s.plus({ hours: 5 }).toISO(), end: s.plus({ hours: 5, minutes: 30 }).toISO() }]),
        ],
      );
    }
  }
}
const { rows: patients } = await db.query(
  `INSERT INTO patient (id, organisation_id, given_name, family_name, date_of_birth, version) SELECT gen_random_uuid(), $1, 'Bench', 'Patient ' || i, '1970-01-01', 1 FROM generate_series(1, 5000) i RETURNING id`,
  [DEV_ORGANISATION_ID],
);

const service = spawnService(PORT, {
  DATABASE_POOL_SIZE: process.env.BENCH_POOL ?? '20',
  KAFKA_CONSUMER_GROUP: `bench-${Date.now()}`,
});
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
const token = await benchToken();
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const THERAPIES = ['iron', 'hydration', 'immunotherapy', 'steroids', 'iv_antibiotics', 'biologics', 'therapeutic_phlebotomy'];
const percentile = (v, p) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];

// Booking: each client books a random patient, therapy, location and start on the 15-minute grid.
let seed = 11;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const latencies = [];
const outcomes = {};
let running = true;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (running) {
      const start = first.plus({ days: Math.floor(random() * DAYS), minutes: 8 * 60 + 15 * Math.floor(random() * 28) });
      const body = {
        patientId: patients[Math.floor(random() * patients.length)].id,
        therapyCode: THERAPIES[Math.floor(random() * THERAPIES.length)],
        startsAt: start.toUTC().toISO(),
      };
      const t = performance.now();
      const response = await fetch(`${url}/locations/${locations[Math.floor(random() * LOCATIONS)]}/appointments`, {
        method: 'POST',
        headers: IDEMPOTENCY ? { ...headers, 'idempotency-key': randomUUID() } : headers,
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - t);
      outcomes[response.status] = (outcomes[response.status] ?? 0) + 1;
      if (performance.now() - t0 > SECONDS * 1000) running = false;
    }
  }),
);
const elapsed = (performance.now() - t0) / 1000;
const booked = outcomes[201] ?? 0;

// Fill an 11th location, which the booking phase left alone, to the 70% of chair time: the engine places treatments on the state it
// reads back from the database (so nothing overlaps what the booking phase left), rows go in by SQL.
const FILL = Number(process.env.BENCH_FILL ?? 0.7);
const { findSlots, bookSlot } = await import('../../apps/scheduling/dist/slot-search/find-slots.js');
const { DEFAULT_THERAPIES, THERAPY_CODES } = await import('../../libs/domain/dist/index.js');
const { CenterStateRepository } = await import('../../apps/scheduling/dist/appointments/center-state.repository.js');
const stateManager = { query: (sql, params) => db.query(sql, params).then((r) => r.rows) };
const fillFrom = first.toMillis();
const fillTo = first.plus({ days: DAYS }).toMillis();
const fillCenter = await new CenterStateRepository().load(stateManager, {
  locationId: locations[LOCATIONS],
  organisationId: DEV_ORGANISATION_ID,
  from: new Date(fillFrom - 86_400_000),
  to: new Date(fillTo + 86_400_000),
});
const openMinutes = 40 * DAYS * 12 * 60;
let usedMinutes = fillCenter.bookings.reduce((sum, b) => sum + (b.chairReleasedAt - b.start) / 60_000, 0);
const fillRows = [];
for (let d = 0; d < DAYS; d++) {
  const dayWindow = {
    from: first.plus({ days: d }).toMillis(),
    to: first.plus({ days: d + 1 }).toMillis(),
    now: Date.now(),
    limit: 5,
  };
  for (let misses = 0; misses < 200 && usedMinutes < openMinutes * FILL * ((d + 1) / DAYS);) {
    const therapy = DEFAULT_THERAPIES[THERAPY_CODES[Math.floor(random() * THERAPY_CODES.length)]];
    const request = {
      patientId: randomUUID(),
      durationMinutes: therapy.defaultDurationMinutes,
      observationMinutes: therapy.observationMinutes,
      turnoverMinutes: therapy.turnoverMinutes,
      chairKinds: therapy.chairKinds,
      certification: therapy.certification,
      pharmacyLeadMinutes: therapy.pharmacyLeadMinutes,
    };
    const [slot] = findSlots(fillCenter, request, dayWindow);
    if (!slot) {
      misses++;
      continue;
    }
    const booking = bookSlot(slot, request, randomUUID());
    fillCenter.bookings.push(booking);
    fillRows.push({ booking, therapy });
    usedMinutes += (slot.chairReleasedAt - slot.start) / 60_000;
  }
}
for (let i = 0; i < fillRows.length; i += 500) {
  const batch = fillRows.slice(i, i + 500);
  await db.query(
    `INSERT INTO patient (id, organisation_id, given_name, family_name, date_of_birth, version) SELECT unnest($1::uuid[]), $2, 'Bench', 'Fill', '1970-01-01', 1`,
    [batch.map((r) => r.booking.patientId), DEV_ORGANISATION_ID],
  );
  await db.query(
    `INSERT INTO appointment (id, location_id, patient_id, therapy_code, chair_id, nurse_id, starts_at, ends_at, chair_released_at, setup_ends_at, status, version, duration_minutes, observation_minutes)
     SELECT id, $1, patient_id, therapy_code, chair_id, nurse_id, to_timestamp(s / 1000.0), to_timestamp(e / 1000.0), to_timestamp(r / 1000.0), to_timestamp(u / 1000.0), 'booked', 1, dm, om
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::uuid[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::int[], $12::int[]) AS t(id, patient_id, therapy_code, chair_id, nurse_id, s, e, r, u, dm, om)`,
    [
      locations[LOCATIONS],
      batch.map((r) => r.booking.id),
      batch.map((r) => r.booking.patientId),
      batch.map((r) => r.therapy.code),
      batch.map((r) => r.booking.chairId),
      batch.map((r) => r.booking.nurseId),
      batch.map((r) => r.booking.start),
      batch.map((r) => r.booking.end),
      batch.map((r) => r.booking.chairReleasedAt),
      batch.map((r) => r.booking.setupEnd),
      batch.map((r) => r.therapy.defaultDurationMinutes),
      batch.map((r) => r.therapy.observationMinutes),
    ],
  );
}

// Slot search at that location, 14 days, over HTTP.
const searchLatencies = [];
for (let i = 0; i < SEARCHES; i++) {
  const q = new URLSearchParams({
    therapyCode: THERAPIES[i % THERAPIES.length],
    patientId: patients[i].id,
    from: first.toUTC().toISO(),
    to: first.plus({ days: DAYS }).toUTC().toISO(),
    preferredFrom: '09:00',
    preferredTo: '11:00',
  });
  const t = performance.now();
  const response = await fetch(`${url}/locations/${locations[LOCATIONS]}/slots?${q}`, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`slots: ${response.status}`);
  searchLatencies.push(performance.now() - t);
}
const {
  rows: [fill],
} = await db.query(
  `SELECT count(*)::int AS n, sum(extract(epoch FROM chair_released_at - starts_at))::float / (40 * ${DAYS} * 12 * 3600) AS utilisation FROM appointment WHERE location_id = $1 AND status = 'booked'`,
  [locations[LOCATIONS]],
);
const active = `status IN ('proposed', 'booked', 'arrived', 'checked-in')`;
const {
  rows: [audit],
} = await db.query(`SELECT
  (SELECT count(*) FROM appointment a JOIN appointment b ON a.chair_id = b.chair_id AND a.id < b.id AND tstzrange(a.starts_at, a.chair_released_at) && tstzrange(b.starts_at, b.chair_released_at) WHERE a.${active} AND b.${active})::int AS chair_overlaps,
  (SELECT count(*) FROM appointment a JOIN appointment b ON a.patient_id = b.patient_id AND a.id < b.id AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at) WHERE a.${active} AND b.${active})::int AS patient_overlaps,
  (SELECT count(*) FROM appointment a JOIN nurse n ON n.id = a.nurse_id WHERE n.capacity < (SELECT count(*) FROM appointment b WHERE b.nurse_id = a.nurse_id AND b.starts_at <= a.starts_at AND a.starts_at < b.ends_at))::int AS capacity_violations`);

console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; one scheduling process (pool ${process.env.BENCH_POOL ?? 20}), PostgreSQL and Kafka on the same machine.`,
);
console.log(
  `Booking${IDEMPOTENCY ? ' with an Idempotency-Key each' : ''}, ${CLIENTS} concurrent clients, ${elapsed.toFixed(1)} s: ${(booked / elapsed).toFixed(0)} bookings/s (${booked} booked), ${((outcomes[409] ?? 0) / elapsed).toFixed(0)} refusals/s (409), other statuses: ${JSON.stringify(Object.fromEntries(Object.entries(outcomes).filter(([s]) => s !== '201' && s !== '409')))}; latency of all requests p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms.`,
);
console.log(`Audit: ${JSON.stringify(audit)}.`);
console.log(
  `Slot search over HTTP at a 40-chair, 12-nurse location (${fill.n} bookings, ${(fill.utilisation * 100).toFixed(0)}% of chair time), 14 days, ${SEARCHES} searches: p50 ${percentile(searchLatencies, 0.5).toFixed(1)} ms, p95 ${percentile(searchLatencies, 0.95).toFixed(1)} ms, p99 ${percentile(searchLatencies, 0.99).toFixed(1)} ms.`,
);

service.kill('SIGTERM');
await new Promise((r) => service.once('exit', r));
await finish();
