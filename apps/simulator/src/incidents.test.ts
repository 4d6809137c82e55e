import { Tally, type Api, type ApiResponse } from './api.js';
import { incidentRates } from './config/simulator.config.js';
import { Incidents, isOpenAt, openMinutesPerDay } from './incidents.js';
import { Random } from './random.js';
import { Simulation } from './simulate.js';

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
