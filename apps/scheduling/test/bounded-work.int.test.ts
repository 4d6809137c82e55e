import { DateTime } from 'luxon';
import {
  auditBoundsProblems,
  call,
  testRunId,
  tokenFor,
  type ApiResponse,
  type ServiceProcess,
  type TestDatabase,
  CenterFixture,
  refusedEveryTime,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'Europe/Madrid';
const DAY = 24 * 3_600_000;

/**
 * @runs-alone: refusals are held to 100 ms, which a busy neighbour on two cores could break.
 *
 * Every parameter that sizes scheduling's work, at its largest refused and largest accepted value,
 * as a scheduler limited to one location: the refusal is a 400 naming the field, before any work
 * (well under 100 ms), and the service stays live.
 */
describe('scheduling: bounded work before any work', () => {
  const runId = testRunId('scheduling_bounds');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  let c: CenterFixture;
  let patient: string;
  let scheduler: string;
  let admin: string;
  /** Twenty more centers of the organisation, so a search across locations weighs 20 (and is asked about 21) distinct ones. */
  let others: string[];
  const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');
  const from = day.toUTC();

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
    c = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 2, nurses: 1, capacity: 4 });
    [patient] = (await c.patients(1)) as [string];
    scheduler = tokenFor(['scheduler'], [c.locationId]);
    admin = tokenFor(['admin'], [c.locationId]);
    // Each with its hours, two chairs and a nurse on shift that day: twenty locations that each have slots to weigh.
    others = [];
    for (let i = 0; i < 20; i++) {
      const center = await new CenterFixture(scheduling.url, ZONE, day).create({
        chairs: 2,
        nurses: 1,
        capacity: 4,
        name: `Bounds center ${String(i + 1).padStart(2, '0')}`,
      });
      others.push(center.locationId);
    }
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const timed = async (method: string, path: string, options: { token: string; body?: unknown; rawBody?: string }) => {
    const started = performance.now();
    const response = await call(method, `${scheduling.url}${path}`, options);
    return { ...response, ms: performance.now() - started };
  };
  // A refusal is sent four times: the first warms the process's error path (JIT); each of the next three
  // must be the same refusal, and the slowest of them is held to the bound.
  const refusal = (method: string, path: string, options: { token: string; body?: unknown; rawBody?: string }) =>
    refusedEveryTime(method, `${scheduling.url}${path}`, options);
  const expectRefused = (response: ApiResponse & { ms: number }, field: string) => {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(field);
    expect(response.ms).toBeLessThan(100);
  };
  const slotQuery = (extra: Record<string, string>) =>
    new URLSearchParams({ therapyCode: 'iron', patientId: patient, from: from.toISO()!, ...extra }).toString();
  const expectLive = async () => expect((await call('GET', `${scheduling.url}/health/live`)).status).toBe(200);

  it('slot search at one location: a window of 31 days and 200 slots is answered; a longer window or more slots is refused', async () => {
    const path = `/locations/${c.locationId}/slots`;
    const accepted = await timed('GET', `${path}?${slotQuery({ to: from.plus({ days: 31 }).toISO()!, limit: '200' })}`, {
      token: scheduler,
    });
    expect(accepted.status).toBe(200);
    expect((accepted.body as unknown[]).length).toBeGreaterThan(0);
    expectRefused(
      await refusal('GET', `${path}?${slotQuery({ to: from.plus({ days: 31, milliseconds: 1 }).toISO()!, limit: '200' })}`, {
        token: scheduler,
      }),
      'to',
    );
    expectRefused(
      await refusal('GET', `${path}?${slotQuery({ from: '0001-01-01T00:00:00Z', to: '9999-12-31T00:00:00Z' })}`, {
        token: scheduler,
      }),
      'to',
    );
    expectRefused(
      await refusal('GET', `${path}?${slotQuery({ to: from.plus({ days: 1 }).toISO()!, limit: '201' })}`, { token: scheduler }),
      'limit',
    );
    await expectLive();
  });

  it('slot search across locations: 20 distinct locations for 31 days are searched, 21 are refused before any location is read', async () => {
    const window = { to: from.plus({ days: 31 }).toISO()!, limit: '200' };
    // A scheduler of all 21 centers (locations this user may not act at would be 403 before validation).
    const ofAll = tokenFor(['scheduler'], [c.locationId, ...others]);
    const twenty = [c.locationId, ...others.slice(0, 19)];
    const accepted = await timed('GET', `/slots?${slotQuery({ ...window, locationIds: twenty.join(',') })}`, { token: ofAll });
    expect(accepted.status).toBe(200);
    expect((accepted.body as unknown[]).length).toBeGreaterThan(0);
    expectRefused(
      await refusal('GET', `/slots?${slotQuery({ ...window, locationIds: [c.locationId, ...others].join(',') })}`, {
        token: ofAll,
      }),
      'locationIds',
    );
    await expectLive();
  });

  it('treatment plans: 52 weekly doses (a year of placements) are accepted; 53 doses or 366 days apart are refused', async () => {
    const path = `/locations/${c.locationId}/treatment-plans`;
    const plan = { patientId: patient, therapyCode: 'iron', firstStartsAt: c.at(9), toleranceDays: 14 };
    // The most placing work a plan asks for: 52 doses, each searched for within its tolerance.
    const accepted = await timed('POST', path, { token: scheduler, body: { ...plan, doses: 52, intervalDays: 7 } });
    expect(accepted.status).toBe(201);
    const placement = accepted.body as { placed: unknown[]; unplaced: unknown[] };
    expect(placement.placed.length + placement.unplaced.length).toBe(52);
    expect(placement.placed.length).toBeGreaterThan(0);
    expectRefused(await refusal('POST', path, { token: scheduler, body: { ...plan, doses: 53, intervalDays: 7 } }), 'doses');
    expectRefused(
      await refusal('POST', path, { token: scheduler, body: { ...plan, doses: 2, intervalDays: 366 } }),
      'intervalDays',
    );
    expectRefused(
      await refusal('POST', path, { token: scheduler, body: { ...plan, doses: 2, intervalDays: 7, toleranceDays: 15 } }),
      'toleranceDays',
    );
    await expectLive();
  });

  it('waitlist: a 90-day window is accepted, one millisecond more is refused', async () => {
    const path = `/locations/${c.locationId}/waitlist`;
    const earliest = new Date(c.at(8));
    const request = { patientId: patient, therapyCode: 'iron', earliest: earliest.toISOString() };
    const accepted = await timed('POST', path, {
      token: scheduler,
      body: { ...request, latest: new Date(earliest.getTime() + 90 * DAY).toISOString() },
    });
    expect(accepted.status).toBe(201);
    expectRefused(
      await refusal('POST', path, {
        token: scheduler,
        body: { ...request, latest: new Date(earliest.getTime() + 90 * DAY + 1).toISOString() },
      }),
      'latest',
    );
    await expectLive();
  });

  it('shifts: 14 local days are listed, 15 are refused naming days', async () => {
    const path = `/locations/${c.locationId}/shifts`;
    const accepted = await timed('GET', `${path}?from=${day.toISODate()}&days=14`, { token: scheduler });
    expect(accepted.status).toBe(200);
    expectRefused(await refusal('GET', `${path}?from=${day.toISODate()}&days=15`, { token: scheduler }), 'days');
    expectRefused(await refusal('GET', `${path}?from=0001-01-01&days=14`, { token: scheduler }), 'from');
    await expectLive();
  });

  it('overbookings: a 92-day range is listed, 93 days (or one millisecond more than 92) are refused naming to; pages as every list', async () => {
    const path = `/locations/${c.locationId}/overbookings`;
    const range = (ms: number) => `from=${from.toISO()!}&to=${new Date(from.toMillis() + ms).toISOString()}`;
    const accepted = await timed('GET', `${path}?${range(92 * DAY)}&limit=100&offset=1000`, { token: scheduler });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ items: [], limit: 100, offset: 1000, nextOffset: null });
    expectRefused(await refusal('GET', `${path}?${range(93 * DAY)}`, { token: scheduler }), 'to');
    expectRefused(await refusal('GET', `${path}?${range(92 * DAY + 1)}`, { token: scheduler }), 'to');
    expectRefused(await refusal('GET', `${path}?${range(DAY)}&limit=101`, { token: scheduler }), 'limit');
    expectRefused(await refusal('GET', `${path}?${range(DAY)}&offset=1001`, { token: scheduler }), 'offset');
    await expectLive();
  });

  it('day book: pages of 200 from offset 1,000 are served, 201 or offset 1,001 are refused; dates up to 2200-12-31 (the edge bounds)', async () => {
    const path = `/locations/${c.locationId}/day-book`;
    const accepted = await timed('GET', `${path}?date=${day.toISODate()}&limit=200&offset=1000`, { token: scheduler });
    expect(accepted.status).toBe(200);
    expect((await timed('GET', `${path}?date=2200-12-31`, { token: scheduler })).status).toBe(200);
    expectRefused(await refusal('GET', `${path}?date=${day.toISODate()}&limit=201`, { token: scheduler }), 'limit');
    expectRefused(await refusal('GET', `${path}?date=${day.toISODate()}&offset=1001`, { token: scheduler }), 'offset');
    expectRefused(await refusal('GET', `${path}?date=2201-01-01`, { token: scheduler }), 'date');
    await expectLive();
  });

  it('work queues: pages of 100 from offset 1,000 are served, 101 or offset 1,001 are refused', async () => {
    const path = `/locations/${c.locationId}/work-queues/unconfirmed`;
    const accepted = await timed('GET', `${path}?limit=100&offset=1000`, { token: scheduler });
    expect(accepted.status).toBe(200);
    expectRefused(await refusal('GET', `${path}?limit=101`, { token: scheduler }), 'limit');
    expectRefused(await refusal('GET', `${path}?offset=1001`, { token: scheduler }), 'offset');
    await expectLive();
  });

  it("an organisation's own therapies: the 200th is defined and all 200 are listed, the 201st is refused (409, the count is the organisation's, not a parameter)", async () => {
    const definition = (code: string) => ({
      code,
      name: 'Ocrelizumab infusion',
      countedAs: 'biologics',
      defaultDurationMinutes: 150,
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
    // Ten at a time: the use case takes the organisation's lock, so they still land one after another.
    for (let batch = 0; batch < 20; batch++) {
      const defined = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call('POST', `${scheduling.url}/organisation-therapies`, {
            token: admin,
            body: definition(`own-${batch * 10 + i + 1}`),
          }),
        ),
      );
      expect(defined.map((d) => d.status)).toEqual(Array(10).fill(201));
    }
    const listed = await timed('GET', '/organisation-therapies', { token: scheduler });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(200);
    const refused = await refusal('POST', '/organisation-therapies', { token: admin, body: definition('own-201') });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ limit: 200 });
    expect(refused.ms).toBeLessThan(100);
    await expectLive();
  });

  it('patient search: limit=50 from offset 1,000 with a 100-character name of four words is answered; 51, 1,001 or 101 characters are refused', async () => {
    // Four words of 24 or 25 letters and three spaces: the longest name, every word compared.
    const name = ['Alejandrina', 'Fuenteovejuna', 'Valderrama', 'Castellanos']
      .map((w, i) => w.repeat(3).slice(0, i === 3 ? 25 : 24))
      .join(' ');
    expect(name).toHaveLength(100);
    const search = (extra: Record<string, string>) => `/patients?${new URLSearchParams({ name, ...extra })}`;
    await timed('GET', search({ limit: '50', offset: '1000' }), { token: scheduler });
    const accepted = await timed('GET', search({ limit: '50', offset: '1000' }), { token: scheduler });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ items: [], limit: 50, offset: 1000 });
    // The largest search is an answer, not only a refusal, in well under a second.
    expect(accepted.ms).toBeLessThan(1_000);
    expectRefused(await refusal('GET', search({ limit: '51' }), { token: scheduler }), 'limit');
    expectRefused(await refusal('GET', search({ offset: '1001' }), { token: scheduler }), 'offset');
    expectRefused(await refusal('GET', `/patients?${new URLSearchParams({ name: `${name}x` })}`, { token: scheduler }), 'name');
    await expectLive();
  });

  it('lists read as arrays are capped: locations 500, chairs 200, nurses 200, waitlist 200, outages 100 a request from offset 1,000; one more is refused', async () => {
    const chairs = (await timed('GET', `/locations/${c.locationId}/chairs`, { token: scheduler })).body as Array<{ id: string }>;
    const lists: Array<[path: string, cap: number, token: string]> = [
      ['/locations', 500, tokenFor(['scheduler'], [c.locationId, ...others])],
      [`/locations/${c.locationId}/chairs`, 200, scheduler],
      [`/locations/${c.locationId}/nurses`, 200, scheduler],
      [`/locations/${c.locationId}/waitlist`, 200, scheduler],
      [`/locations/${c.locationId}/chairs/${chairs[0]!.id}/outages`, 100, scheduler],
    ];
    for (const [path, cap, token] of lists) {
      const whole = await timed('GET', `${path}?limit=${cap}`, { token });
      expect({ path, status: whole.status, array: Array.isArray(whole.body) }).toEqual({ path, status: 200, array: true });
      const deepest = await timed('GET', `${path}?limit=${cap}&offset=1000`, { token });
      expect({ path, status: deepest.status, body: deepest.body }).toEqual({ path, status: 200, body: [] });
      expectRefused(await refusal('GET', `${path}?limit=${cap + 1}`, { token }), 'limit');
      expectRefused(await refusal('GET', `${path}?offset=1001`, { token }), 'offset');
    }
    // The 21 centers of a scheduler granted each by name (not the whole organisation): a page of 20, then the last one.
    const all = tokenFor(['scheduler'], [c.locationId, ...others]);
    expect(((await timed('GET', '/locations?limit=20', { token: all })).body as unknown[]).length).toBe(20);
    expect(((await timed('GET', '/locations?limit=20&offset=20', { token: all })).body as unknown[]).length).toBe(1);
    await expectLive();
  });

  it('chair outages: 92 days are recorded, one millisecond more is refused naming endsAt, also when a change makes it longer', async () => {
    const chairs = (await timed('GET', `/locations/${c.locationId}/chairs`, { token: scheduler })).body as Array<{ id: string }>;
    const path = `/locations/${c.locationId}/chairs/${chairs[1]!.id}/outages`;
    // Far ahead, so the appointments of the other tests stay where they are.
    const startsAt = new Date(from.plus({ days: 400 }).toMillis());
    const until = (ms: number) => new Date(startsAt.getTime() + ms).toISOString();
    const outage = { startsAt: startsAt.toISOString(), reason: 'Recliner motor: part on back order' };
    expectRefused(await refusal('POST', path, { token: admin, body: { ...outage, endsAt: until(92 * DAY + 1) } }), 'endsAt');
    expectRefused(
      await refusal('POST', path, {
        token: admin,
        body: { ...outage, startsAt: '0001-01-01T00:00:00Z', endsAt: '9999-12-31T00:00:00Z' },
      }),
      'endsAt',
    );
    const accepted = await timed('POST', path, { token: admin, body: { ...outage, endsAt: until(92 * DAY) } });
    expect(accepted.status).toBe(201);
    const id = (accepted.body as { id: string }).id;
    expectRefused(
      await refusal('PATCH', `${path}/${id}`, { token: admin, body: { startsAt: outage.startsAt, endsAt: until(92 * DAY + 1) } }),
      'endsAt',
    );
    // Only the end given: measured against the recorded start, once the outage is read.
    expectRefused(await refusal('PATCH', `${path}/${id}`, { token: admin, body: { endsAt: until(93 * DAY) } }), 'endsAt');
    const unchanged = (await timed('GET', path, { token: scheduler })).body as Array<{ endsAt: string }>;
    expect(unchanged.map((o) => o.endsAt)).toEqual([until(92 * DAY)]);
    await expectLive();
  });

  it('GET /audit: 366 days and limit=500 are answered; a millisecond more, limit=501, or a limited reader’s too-long range before the patient lookup are refused', async () => {
    expect(await auditBoundsProblems(scheduling.url)).toEqual([]);
  });

  it('lists in bodies are bounded: a year of closed dates is accepted, 367 are refused; a body over 1 MB is 413', async () => {
    const path = `/locations/${c.locationId}/hours`;
    const weeklyHours = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), [{ opens: '08:00', closes: '18:00' }]]));
    const dates = (n: number) => Array.from({ length: n }, (_, i) => day.plus({ days: i }).toISODate()!);
    const accepted = await timed('PUT', path, { token: admin, body: { weeklyHours, closedDates: dates(366) } });
    expect(accepted.status).toBe(200);
    expectRefused(await refusal('PUT', path, { token: admin, body: { weeklyHours, closedDates: dates(367) } }), 'closedDates');
    const huge = await refusal('PUT', path, {
      token: admin,
      rawBody: JSON.stringify({ weeklyHours, pad: 'x'.repeat(1_100_000) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Refused on its Content-Length, before it is read; the time measured includes the client's upload.
    expect(huge.ms).toBeLessThan(500);
    await expectLive();
  });
});
