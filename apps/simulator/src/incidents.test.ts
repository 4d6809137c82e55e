import { DateTime } from 'luxon';
import { Tally, type Api, type ApiResponse } from './api.js';
import { incidentRates } from './config/simulator.config.js';
import { Incidents, isOpenAt, openMinutesPerDay } from './incidents.js';
import { Random } from './random.js';
import { Simulation } from './simulate.js';
import type { UpcomingVisit } from './victims.js';

const HOUR = 3_600_000;

describe('incident rates', () => {
  it('are off unless set, and a bad value names its variable', () => {
    expect(incidentRates({})).toEqual({ overrunsPerDay: 0, sickCallsPerDay: 0, outagesPerDay: 0, applyReplansShare: 0.5 });
    expect(incidentRates({ SIMULATOR_SICK_CALLS_PER_DAY: '2', SIMULATOR_APPLY_REPLANS_SHARE: '1' })).toMatchObject({
      sickCallsPerDay: 2,
      applyReplansShare: 1,
    });
    expect(() => incidentRates({ SIMULATOR_APPLY_REPLANS_SHARE: '1.5' })).toThrow(/SIMULATOR_APPLY_REPLANS_SHARE/);
    expect(() => incidentRates({ SIMULATOR_OUTAGES_PER_DAY: '-1' })).toThrow(/SIMULATOR_OUTAGES_PER_DAY/);
  });

  it('follow the center’s opening hours in its own zone', () => {
    const madrid = { opens: '07:00', closes: '19:00', timeZone: 'Europe/Madrid' };
    expect(openMinutesPerDay(madrid)).toBe(720);
    expect(openMinutesPerDay({})).toBe(1440);
    expect(isOpenAt(madrid, Date.parse('2030-01-07T06:30:00Z'))).toBe(true); // 07:30 in Madrid
    expect(isOpenAt(madrid, Date.parse('2030-01-07T18:30:00Z'))).toBe(false); // 19:30
  });
});

describe('incidents through the public API', () => {
  const center = { locationId: 'loc', name: 'Test', timeZone: 'UTC', chairs: 4, bookingsPerHour: 1 };
  /** Scheduling as the simulator sees it: one slot (chair c1, nurse n1) two hours ahead; shifts of two nurses. */
  function setUp(otherNurseWorks: boolean) {
    const calls: Array<{ method: string; path: string; body: unknown }> = [];
    let startsAt = '';
    const answer = (method: string, path: string, body: unknown): ApiResponse => {
      calls.push({ method, path, body });
      if (path.includes('/slots?')) {
        // Two hours after the simulated now the search starts from.
        startsAt = new Date(Date.parse(new URLSearchParams(path.split('?')[1]).get('from')!) + 2 * HOUR).toISOString();
        return { status: 200, body: [{ start: startsAt, chairId: 'c1', nurseId: 'n1' }] };
      }
      if (method === 'POST' && path.endsWith('/appointments'))
        return { status: 201, body: { id: 'a1', startsAt, endsAt: startsAt, durationMinutes: 60 } };
      if (path.startsWith('/locations/loc/shifts?')) {
        const shift = (id: string, nurseId: string) => ({
          id,
          nurseId,
          startsAt: new Date(Date.parse(startsAt) - 3 * HOUR).toISOString(),
          endsAt: new Date(Date.parse(startsAt) + 6 * HOUR).toISOString(),
        });
        return { status: 200, body: { shifts: otherNurseWorks ? [shift('s1', 'n1'), shift('s2', 'n2')] : [shift('s1', 'n1')] } };
      }
      if (method === 'DELETE') return { status: 200, body: { affectedAppointments: [{ appointmentId: 'a1' }] } };
      if (path.includes('/outages')) return { status: 201, body: { affectedAppointmentIds: ['a1'] } };
      return { status: 409, body: {} };
    };
    const api = {
      tally: new Tally(),
      call: (_service: string, method: string, path: string, body?: unknown) => Promise.resolve(answer(method, path, body)),
    } as unknown as Api;
    // ×3000: the visit two hours ahead is reached in under three seconds, after the incidents looked.
    const simulation = new Simulation({
      api,
      centers: [center],
      patients: ['p'],
      seed: 1,
      pace: 3000,
      bookingsPerHour: 1,
      horizonHours: 4,
      durationMs: 50,
    });
    const rates = { overrunsPerDay: 0, sickCallsPerDay: 1, outagesPerDay: 1, applyReplansShare: 0 };
    const incidents = new Incidents({ api, simulation, centers: [center], rates, random: new Random(1) });
    return { api, calls, simulation, incidents };
  }

  async function booked(simulation: Simulation, api: Api): Promise<{ running: Promise<void> }> {
    const running = simulation.run();
    for (let i = 0; i < 100 && api.tally.get('booked') === 0; i++) await new Promise((r) => setTimeout(r, 10));
    simulation.stop();
    const now = simulation.simulatedNow();
    expect(simulation.upcomingAt('loc', now, now + 6 * HOUR).map((v) => v.appointmentId)).toEqual(['a1']);
    // Wrapped: an async function returning the promise itself would wait for it.
    return { running };
  }

  it('a sick call removes the shift of the booked visit’s nurse when another nurse works then, and an outage takes its chair', async () => {
    const { api, calls, simulation, incidents } = setUp(true);
    const { running } = await booked(simulation, api);
    await incidents.happen('sick call', center, simulation.simulatedNow());
    expect(calls.filter((c) => c.method === 'DELETE')).toEqual([
      { method: 'DELETE', path: '/locations/loc/nurses/n1/shifts/s1', body: { reason: 'Sick call (simulated)' } },
    ]);
    await incidents.happen('outage', center, simulation.simulatedNow());
    const outage = calls.find((c) => c.path === '/locations/loc/chairs/c1/outages');
    expect(outage?.method).toBe('POST');
    const { startsAt, endsAt } = outage!.body as { startsAt: string; endsAt: string };
    const visitStart = Date.parse(simulation.upcomingAt('loc', 0, Infinity)[0]!.startsAt);
    // From the simulated now until an hour or more after the visit starts.
    expect(Date.parse(startsAt)).toBeLessThan(visitStart);
    expect(Date.parse(endsAt) - visitStart).toBeGreaterThanOrEqual(60 * 60_000);
    expect(api.tally.toJSON()).toMatchObject({ 'sick call': 1, 'sick call appointments affected': 1, outage: 1 });
    await running;
  });

  it('never leaves a center without a nurse: no sick call when nobody else works then', async () => {
    const { api, calls, simulation, incidents } = setUp(false);
    const { running } = await booked(simulation, api);
    await incidents.happen('sick call', center, simulation.simulatedNow());
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    expect(api.tally.get('sick call skipped: no one to cover')).toBe(1);
    await running;
  });
});

describe('the incidents’ clock', () => {
  /** A simulation as the incidents see it: its clock, its booked visits and its held-up sessions. */
  function fakeSimulation(o: { pace: number; visits: () => UpcomingVisit[]; heldUp?: number }) {
    const began = Date.now();
    const ordered: string[] = [];
    const simulation = {
      pace: o.pace,
      stopping: false,
      sessionsHeldUp: o.heldUp ?? 0,
      simulatedNow: () => began + (Date.now() - began) * o.pace,
      upcomingAt: (locationId: string, from: number, to: number) =>
        o.visits().filter((v) => v.locationId === locationId && Date.parse(v.startsAt) >= from && Date.parse(v.startsAt) < to),
      overrunsWaiting: () => ordered.length,
      orderOverrun: (locationId: string) => ordered.push(locationId),
      moved: () => undefined,
    };
    return { simulation: simulation as unknown as Simulation, ordered };
  }

  function recordingApi(answer: (method: string, path: string) => ApiResponse) {
    const calls: Array<{ method: string; path: string; body: unknown }> = [];
    const api = {
      tally: new Tally(),
      call: (_service: string, method: string, path: string, body?: unknown) => {
        calls.push({ method, path, body });
        return Promise.resolve(answer(method, path));
      },
    } as unknown as Api;
    return { api, calls };
  }

  const until = async (done: () => boolean, ms = 5_000) => {
    for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
  };

  it('has the first of each kind at once, even before the center opens, and tries one that found nobody again at the next tick', async () => {
    // Open one minute a day, long past: closed now whatever the hour.
    const now = DateTime.utc();
    const closedAt = {
      opens: now.plus({ hours: 6 }).toFormat('HH:mm'),
      closes: now.plus({ hours: 6, minutes: 1 }).toFormat('HH:mm'),
    };
    const center = { locationId: 'loc', name: 'Closed', timeZone: 'UTC', chairs: 4, ...closedAt };
    const visits: UpcomingVisit[] = [];
    const { simulation, ordered } = fakeSimulation({ pace: 1, visits: () => visits });
    const { api, calls } = recordingApi((method, path) => {
      if (path.startsWith('/locations/loc/shifts?')) {
        const shift = (id: string, nurseId: string) => ({
          id,
          nurseId,
          startsAt: now.minus({ hours: 1 }).toISO(),
          endsAt: now.plus({ hours: 8 }).toISO(),
        });
        return { status: 200, body: { shifts: [shift('s1', 'n1'), shift('s2', 'n2')] } };
      }
      if (method === 'DELETE') return { status: 200, body: { affectedAppointments: [{ appointmentId: 'a1' }] } };
      if (path.includes('/outages')) return { status: 201, body: { affectedAppointmentIds: ['a1'] } };
      return { status: 200, body: { proposals: [] } };
    });
    // One a day: after the first, none falls due again during the test.
    const rates = { overrunsPerDay: 1, sickCallsPerDay: 1, outagesPerDay: 1, applyReplansShare: 0.5 };
    const incidents = new Incidents({ api, simulation, centers: [center], rates, random: new Random(1), tickMs: 20 });
    const running = incidents.run();
    await until(() => api.tally.get('sick call skipped: nobody booked') >= 2);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    // The overrun is ordered at once: it waits for a session to hold up.
    expect(ordered).toEqual(['loc']);
    // A patient is booked: the sick call and the outage that found nobody happen at the next tick.
    visits.push({
      appointmentId: 'a1',
      locationId: 'loc',
      chairId: 'c1',
      nurseId: 'n1',
      startsAt: now.plus({ hours: 2 }).toISO()!,
    });
    await until(() => api.tally.get('sick call') === 1 && api.tally.get('outage') === 1);
    await new Promise((r) => setTimeout(r, 100));
    incidents.stop();
    await running;
    expect(api.tally.toJSON()).toMatchObject({ 'overrun ordered': 1, 'sick call': 1, outage: 1 });
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/locations/loc/nurses/n1/shifts/s1']);
    expect(calls.filter((c) => c.path.endsWith('/outages')).map((c) => c.path)).toEqual(['/locations/loc/chairs/c1/outages']);
  });

  it('shows sessions’ watch the simulated clock at every tick while a session is held up', async () => {
    const center = { locationId: 'loc', name: 'Test', timeZone: 'UTC', chairs: 4 };
    const { simulation } = fakeSimulation({ pace: 30, visits: () => [], heldUp: 1 });
    const { api, calls } = recordingApi((method) =>
      method === 'PUT' ? { status: 200, body: {} } : { status: 200, body: { proposals: [] } },
    );
    const rates = { overrunsPerDay: 0, sickCallsPerDay: 0, outagesPerDay: 1, applyReplansShare: 0.5 };
    const incidents = new Incidents({ api, simulation, centers: [center], rates, random: new Random(1), tickMs: 20 });
    const running = incidents.run();
    await until(() => api.tally.get('sessions clock moved') >= 5);
    incidents.stop();
    await running;
    const moves = calls.filter((c) => c.method === 'PUT' && c.path === '/test/clock').map((c) => (c.body as { now: string }).now);
    expect(moves.length).toBeGreaterThanOrEqual(5);
    // Each time the simulated now, later than the one before (×30: 0.6 s of it per 20 ms tick).
    for (let i = 1; i < moves.length; i++) expect(Date.parse(moves[i]!)).toBeGreaterThan(Date.parse(moves[i - 1]!));
  });

  it('has the charge nurse apply the first proposal of each cause at a center, and tries one refused as stale again', async () => {
    const center = { locationId: 'loc', name: 'Test', timeZone: 'UTC', chairs: 4 };
    // ×3000: the ten simulated minutes before she applies pass in 0.2 s.
    const { simulation } = fakeSimulation({ pace: 3000, visits: () => [] });
    const proposal = (proposalId: string, appointmentId: string, cause: string) => ({
      proposalId,
      version: 1,
      appointmentId,
      cause,
    });
    let refusedOnce = false;
    const { api, calls } = recordingApi((method, path) => {
      if (method === 'GET' && path.includes('/replans?date='))
        return {
          status: 200,
          body: {
            proposals: [
              proposal('p1', 'a1', 'nurse_shift_removed'),
              proposal('p2', 'a2', 'nurse_shift_removed'),
              proposal('p3', 'a3', 'chair_outage'),
            ],
          },
        };
      if (path.endsWith('/replans/apply')) {
        const [{ proposalId }] = (calls.at(-1)!.body as { proposals: Array<{ proposalId: string }> }).proposals as [
          { proposalId: string },
        ];
        if (proposalId === 'p3' && !refusedOnce) {
          refusedOnce = true;
          return { status: 409, body: {} };
        }
        return { status: 200, body: { applied: [] } };
      }
      return { status: 404, body: {} };
    });
    // A share so small the random draw never applies one: only the first of each cause is.
    const rates = { overrunsPerDay: 0, sickCallsPerDay: 0, outagesPerDay: 1, applyReplansShare: 1e-9 };
    const incidents = new Incidents({ api, simulation, centers: [center], rates, random: new Random(1), tickMs: 20 });
    const running = incidents.run();
    await until(() => api.tally.get('replan applied') >= 2, 12_000);
    incidents.stop();
    await running;
    const applied = calls
      .filter((c) => c.path.endsWith('/replans/apply'))
      .map((c) => (c.body as { proposals: Array<{ proposalId: string }> }).proposals[0]!.proposalId);
    expect(applied).toEqual(['p1', 'p3', 'p3']);
    expect(api.tally.toJSON()).toMatchObject({ 'replan applied': 2, 'replan apply refused 409': 1 });
  }, 20_000);
});
