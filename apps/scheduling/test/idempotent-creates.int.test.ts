import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  call,
  CenterFixture,
  startOnOwnDatabase,
  stopAndDrop,
  testRunId,
  tokenFor,
  type ServiceProcess,
  type TestDatabase,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'Europe/Madrid';

/** One creating POST: who may make it (the narrowest grant that may), two different bodies, and how many rows it made. */
interface CreatingPost {
  name: string;
  token: () => string;
  path: () => string;
  body: () => Record<string, unknown>;
  /** The same request with one value changed: the key may not be reused for it. */
  otherBody: () => Record<string, unknown>;
  /** Rows the POST creates, counted in the database: a replay must add none. */
  count: () => Promise<number>;
}

describe('Idempotency-Key on every creating POST of scheduling, as the least privileged user of each', () => {
  const runId = testRunId('ops22_idem_creates');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  let center: CenterFixture;
  let chairId: string;
  let nurseId: string;
  // Two weeks ahead: clear of today's bookings, inside the closures' two years.
  const day = DateTime.now().setZone(ZONE).plus({ days: 14 }).startOf('day');
  const admin = () => center.admin;
  const scheduler = () => tokenFor(['scheduler'], [center.locationId]);
  const chargeNurse = () => tokenFor(['charge-nurse'], [center.locationId]);
  const count = async (sql: string, parameters: unknown[]) => (await db.query<{ n: number }>(sql, parameters))[0]!.n;

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
    center = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 4, name: 'Idem' });
    chairId = (await db.query<{ id: string }>(`SELECT id FROM chair WHERE location_id = $1`, [center.locationId]))[0]!.id;
    nurseId = (await db.query<{ id: string }>(`SELECT id FROM nurse WHERE location_id = $1`, [center.locationId]))[0]!.id;
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const therapy = (code: string, defaultDurationMinutes: number) => ({
    code,
    name: 'Ocrelizumab infusion',
    countedAs: 'biologics',
    defaultDurationMinutes,
    minDurationMinutes: 120,
    maxDurationMinutes: 270,
    routes: ['iv'],
    chairKinds: ['recliner'],
    certification: 'infusion',
    pharmacyLeadMinutes: 60,
    observationMinutes: 60,
    turnoverMinutes: 20,
    vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 },
    preparation: {
      fasting: false,
      labsDayBefore: true,
      premedication: true,
      hydration: true,
      bringCompanion: true,
      mayDrive: false,
    },
  });

  const posts: CreatingPost[] = [
    {
      // Registering a center is organisation-wide: only an all-locations admin may, so this one case uses '*'.
      name: 'POST /locations',
      token: () => center.organisationAdmin,
      path: () => '/locations',
      body: () => ({ name: 'Idem North', timeZone: ZONE }),
      otherBody: () => ({ name: 'Idem South', timeZone: ZONE }),
      count: () => count(`SELECT count(*)::int AS n FROM location WHERE name LIKE 'Idem %'`, []),
    },
    {
      name: 'POST /locations/{id}/chairs',
      token: admin,
      path: () => `/locations/${center.locationId}/chairs`,
      body: () => ({ label: 'Chair 9', kind: 'bed' }),
      otherBody: () => ({ label: 'Chair 10', kind: 'bed' }),
      count: () => count(`SELECT count(*)::int AS n FROM chair WHERE location_id = $1`, [center.locationId]),
    },
    {
      name: 'POST /locations/{id}/nurses',
      token: admin,
      path: () => `/locations/${center.locationId}/nurses`,
      body: () => ({ displayName: 'Nurse Idem', certifications: ['infusion'] }),
      otherBody: () => ({ displayName: 'Nurse Idem', certifications: ['infusion'], capacity: 3 }),
      count: () => count(`SELECT count(*)::int AS n FROM nurse WHERE location_id = $1`, [center.locationId]),
    },
    {
      name: 'POST /locations/{id}/nurses/{id}/shifts',
      token: scheduler,
      path: () => `/locations/${center.locationId}/nurses/${nurseId}/shifts`,
      body: () => ({ startsAt: day.plus({ days: 1, hours: 7 }).toISO(), endsAt: day.plus({ days: 1, hours: 15 }).toISO() }),
      otherBody: () => ({ startsAt: day.plus({ days: 1, hours: 7 }).toISO(), endsAt: day.plus({ days: 1, hours: 16 }).toISO() }),
      count: () => count(`SELECT count(*)::int AS n FROM nurse_shift WHERE nurse_id = $1`, [nurseId]),
    },
    {
      name: 'POST /locations/{id}/chairs/{id}/outages',
      token: chargeNurse,
      path: () => `/locations/${center.locationId}/chairs/${chairId}/outages`,
      body: () => ({
        startsAt: day.plus({ days: 2, hours: 8 }).toISO(),
        endsAt: day.plus({ days: 2, hours: 10 }).toISO(),
        reason: 'Pump repair',
      }),
      otherBody: () => ({
        startsAt: day.plus({ days: 2, hours: 8 }).toISO(),
        endsAt: day.plus({ days: 2, hours: 10 }).toISO(),
        reason: 'Deep cleaning',
      }),
      count: () => count(`SELECT count(*)::int AS n FROM chair_outage WHERE chair_id = $1`, [chairId]),
    },
    {
      name: 'POST /locations/{id}/closures',
      token: chargeNurse,
      path: () => `/locations/${center.locationId}/closures`,
      body: () => ({ date: day.plus({ days: 3 }).toISODate(), from: '13:00', to: '24:00', reason: 'Staff training' }),
      otherBody: () => ({ date: day.plus({ days: 3 }).toISODate(), from: '14:00', to: '24:00', reason: 'Staff training' }),
      count: () => count(`SELECT count(*)::int AS n FROM location_closure WHERE location_id = $1`, [center.locationId]),
    },
    {
      // Adding a therapy changes nothing booked anywhere, so an admin of one location may.
      name: 'POST /organisation-therapies',
      token: admin,
      path: () => '/organisation-therapies',
      body: () => therapy('ocrelizumab-idem', 150),
      otherBody: () => therapy('ocrelizumab-idem', 180),
      count: () => count(`SELECT count(*)::int AS n FROM organisation_therapy WHERE code = 'ocrelizumab-idem'`, []),
    },
  ];

  it.each(posts.map((p) => [p.name, p] as const))(
    '%s: a retry with the key replays the first answer and creates nothing; another body with it is 422',
    async (_name, p) => {
      const key = `idem-${randomUUID()}`;
      const post = (body: unknown, headers: Record<string, string>) =>
        call('POST', `${scheduling.url}${p.path()}`, { token: p.token(), body, headers });
      const before = await p.count();

      const first = await post(p.body(), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(await p.count()).toBe(before + 1);

      const replay = await post(p.body(), { 'idempotency-key': key });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(await p.count()).toBe(before + 1);

      const reused = await post(p.otherBody(), { 'idempotency-key': key });
      expect(reused.status).toBe(422);
      expect(reused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(reused.body).toMatchObject({
        type: '/problems/idempotency-key-reused',
        errors: [expect.objectContaining({ field: 'Idempotency-Key' })],
      });
      expect(await p.count()).toBe(before + 1);

      const badKey = await post(p.otherBody(), { 'idempotency-key': 'x'.repeat(201) });
      expect(badKey.status).toBe(400);
      expect(badKey.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
      expect(await p.count()).toBe(before + 1);
    },
  );

  it("keys are the organisation's and the endpoint's: the same key on another creating POST creates there", async () => {
    const key = `idem-${randomUUID()}`;
    const chair = await call('POST', `${scheduling.url}/locations/${center.locationId}/chairs`, {
      token: admin(),
      body: { label: 'Chair shared-key', kind: 'recliner' },
      headers: { 'idempotency-key': key },
    });
    const nurse = await call('POST', `${scheduling.url}/locations/${center.locationId}/nurses`, {
      token: admin(),
      body: { displayName: 'Nurse shared-key', certifications: ['infusion'] },
      headers: { 'idempotency-key': key },
    });
    expect([chair.status, nurse.status]).toEqual([201, 201]);
    expect(nurse.headers.get('idempotent-replayed')).toBeNull();
    expect(nurse.body.displayName).toBe('Nurse shared-key');
  });
});
