import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { DEFAULT_THERAPIES } from '@chairside/domain';
import {
  call,
  TEST_ORGANISATION_ID,
  testRunId,
  tokenFor,
  type ServiceProcess,
  type TestDatabase,
  CenterFixture,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';

import { schedulingDataSourceOptions } from '../src/database/data-source.js';
import { CenterStateRepository } from '../src/appointments/center-state.repository.js';
import { treatmentRequest } from '../src/appointments/treatment-request.js';
import { evaluateStart } from '../src/slot-search/find-slots.js';

const ZONE = 'America/Chicago';

describe('200 simultaneous bookings at one location', () => {
  const runId = testRunId('booking');
  let db: TestDatabase;
  let scheduling: ServiceProcess;

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
      env: { DATABASE_POOL_SIZE: '20' },
    }));
  });
  afterAll(() => stopAndDrop(scheduling, db));

  it('books exactly the feasible ones; the rest get 409 and the schedule has no violation', async () => {
    const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');
    const center = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 8,
      nurses: 2,
      capacity: 2,
      name: 'Concurrency Center',
    });
    const location = { id: center.locationId };
    // The center's own scheduler books: the least privileged user who may.
    const scheduler = tokenFor(['scheduler'], [location.id]);
    const patients = await center.patients(150);

    // Two-hour iron infusions (+30 min observation, 10 min turnover) starting 08:00–13:00: with 8
    // chairs, the nurses' capacity (2 × 2) and start windows are what run out, concurrently.
    const requests = Array.from({ length: 200 }, (_, i) => ({
      patientId: patients[i % patients.length]!,
      therapyCode: 'iron' as const,
      durationMinutes: 120,
      startsAt: day
        .set({ hour: 8, minute: 0 })
        .plus({ minutes: 15 * ((i * 5) % 21) })
        .toUTC()
        .toISO()!,
    }));
    const results = await Promise.all(
      requests.map((body) => call('POST', `${scheduling.url}/locations/${location.id}/appointments`, { token: scheduler, body })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const booked = statuses.filter((s) => s === 201).length;
    expect(booked).toBeGreaterThan(0);
    expect(booked).toBeLessThan(200);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body).toMatchObject({ status: 409, type: '/problems/slot-unavailable' });

    const active = `status IN ('proposed', 'booked', 'arrived', 'checked-in')`;
    const [audit] = await db.query(`
      SELECT
        (SELECT count(*) FROM appointment a JOIN appointment b ON a.chair_id = b.chair_id AND a.id < b.id
          AND tstzrange(a.starts_at, a.chair_released_at) && tstzrange(b.starts_at, b.chair_released_at) WHERE a.${active} AND b.${active})::int AS chair_overlaps,
        (SELECT count(*) FROM appointment a JOIN appointment b ON a.patient_id = b.patient_id AND a.id < b.id
          AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at) WHERE a.${active} AND b.${active})::int AS patient_overlaps,
        (SELECT count(*) FROM appointment a JOIN appointment b ON a.nurse_id = b.nurse_id AND a.id < b.id
          AND tstzrange(a.starts_at, a.setup_ends_at) && tstzrange(b.starts_at, b.setup_ends_at) WHERE a.${active} AND b.${active})::int AS start_window_overlaps,
        (SELECT count(*) FROM appointment a JOIN nurse n ON n.id = a.nurse_id WHERE a.${active} AND n.capacity <
          (SELECT count(*) FROM appointment b WHERE b.nurse_id = a.nurse_id AND b.${active} AND b.starts_at <= a.starts_at AND a.starts_at < b.ends_at))::int AS capacity_violations,
        (SELECT count(*) FROM appointment)::int AS appointments`);
    expect(audit).toEqual({
      chair_overlaps: 0,
      patient_overlaps: 0,
      start_window_overlaps: 0,
      capacity_violations: 0,
      appointments: booked,
    });
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE event_type = 'chairside.scheduling.appointment.booked.v1'`))[0]
        .n,
    ).toBe(booked);

    // Every refusal was right: against the final schedule, that request still cannot be placed.
    const dataSource = new DataSource(
      schedulingDataSourceOptions({ ...process.env, DATABASE_NAME: db.name, DATABASE_POOL_SIZE: '2' }),
    );
    await dataSource.initialize();
    try {
      const centers = new CenterStateRepository();
      const from = day.minus({ days: 1 }).toJSDate();
      const to = day.plus({ days: 2 }).toJSDate();
      for (const [i, r] of results.entries()) {
        if (r.status !== 409) continue;
        const request = requests[i]!;
        const center = (await centers.load(dataSource.manager, {
          locationId: location.id,
          organisationId: TEST_ORGANISATION_ID,
          from,
          to,
          patientId: request.patientId,
        }))!;
        const busy = center.patientBusy;
        const verdict = evaluateStart(
          center,
          treatmentRequest(request.patientId, DEFAULT_THERAPIES.iron, request.durationMinutes),
          Date.parse(request.startsAt),
          Date.now(),
          {},
          busy,
        );
        expect('rejected' in verdict).toBe(true);
      }
    } finally {
      await dataSource.destroy();
    }
  });
});
