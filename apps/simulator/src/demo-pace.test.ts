import { DateTime } from 'luxon';
import { Tally, type Api, type ApiResponse } from './api.js';
import { capacityBookingsPerHour, DEMO_CENTERS, meanChairMinutes } from './presets.js';
import { Simulation } from './simulate.js';

const HOUR = 3_600_000;

describe('the demo books as fast as its chairs are used', () => {
  it('keeps each demo center about 80% full over a day, far below the ~300 bookings an hour that filled every chair', () => {
    const mean = meanChairMinutes();
    expect(mean).toBeGreaterThan(60);
    expect(mean).toBeLessThan(300);
    let perRealHourAtX30 = 0;
    for (const spec of DEMO_CENTERS) {
      const perDay = capacityBookingsPerHour(spec) * 24;
      const chairMinutesOpen = spec.chairs * 12 * 60;
      expect((perDay * mean) / chairMinutesOpen).toBeCloseTo(0.8, 5);
      perRealHourAtX30 += capacityBookingsPerHour(spec) * 30;
    }
    expect(perRealHourAtX30).toBeGreaterThan(60);
    expect(perRealHourAtX30).toBeLessThan(200);
  });
});

/** Scheduling and sessions as the simulator sees them: answers by path, every request recorded. */
function fakeApi(answer: (method: string, path: string) => ApiResponse): {
  api: Api;
  calls: Array<{ method: string; path: string }>;
} {
  const calls: Array<{ method: string; path: string }> = [];
  const api = {
    tally: new Tally(),
    call: (_service: string, method: string, path: string) => {
      calls.push({ method, path });
      return Promise.resolve(answer(method, path));
    },
  } as unknown as Api;
  return { api, calls };
}

describe('the simulation’s booking window', () => {
  // 120 bookings a simulated hour at ×30: about one a second.
  const center = { locationId: 'loc', name: 'Test', timeZone: 'Europe/Madrid', chairs: 10, bookingsPerHour: 120 };

  it('books at once on start, in a window that follows the simulated clock, and looks further ahead when the horizon is full', async () => {
    const started = Date.now();
    const { api, calls } = fakeApi((method, path) => {
      if (method === 'GET' && path.includes('/slots?')) {
        const from = Date.parse(new URLSearchParams(path.split('?')[1]).get('from')!);
        // The first 12 hours are full; later there is room.
        return from - started < 11 * HOUR
          ? { status: 200, body: [] }
          : { status: 200, body: [{ start: new Date(from + HOUR).toISOString(), chairId: 'c', nurseId: 'n' }] };
      }
      if (method === 'POST' && path.endsWith('/appointments')) return { status: 409, body: {} };
      return { status: 404, body: {} };
    });
    const simulation = new Simulation({
      api,
      centers: [center],
      patients: ['p'],
      seed: 1,
      pace: 30,
      bookingsPerHour: 1,
      horizonHours: 12,
      lookAheadHours: 6 * 24,
      durationMs: 300,
    });
    await simulation.run();
    const searches = calls.filter((c) => c.path.includes('/slots?')).map((c) => new URLSearchParams(c.path.split('?')[1]));
    const [horizon, further] = searches as [URLSearchParams, URLSearchParams];
    expect(Date.parse(horizon.get('from')!) - started).toBeLessThan(1_000);
    expect(Date.parse(horizon.get('to')!) - Date.parse(horizon.get('from')!)).toBe(12 * HOUR);
    expect(further.get('from')).toBe(horizon.get('to'));
    expect(Date.parse(further.get('to')!) - Date.parse(further.get('from')!)).toBe(6 * 24 * HOUR);
    expect(calls.some((c) => c.method === 'POST' && c.path === '/locations/loc/appointments')).toBe(true);
    expect(calls.some((c) => c.path.includes('/waitlist'))).toBe(false);
  });

  it('on a day whose chairs are full, books the following days at once and steadily, says so once, and says when its opening book is made', async () => {
    const started = Date.now();
    let made = 0;
    const { api, calls } = fakeApi((method, path) => {
      if (method === 'GET' && path.includes('/slots?')) {
        const from = Date.parse(new URLSearchParams(path.split('?')[1]).get('from')!);
        // What an earlier start left: the 12-hour horizon is full, the days after it have room.
        return from - started < 11 * HOUR
          ? { status: 200, body: [] }
          : { status: 200, body: [{ start: new Date(from + HOUR).toISOString(), chairId: 'c', nurseId: 'n' }] };
      }
      if (method === 'POST' && path.endsWith('/appointments')) {
        const startsAt = new Date(started + 30 * HOUR + made++ * HOUR).toISOString();
        return { status: 201, body: { id: `a${made}`, startsAt, endsAt: startsAt, durationMinutes: 60 } };
      }
      return { status: 404, body: {} };
    });
    const lines: string[] = [];
    const bookingsWhenSaid = new Map<string, number>();
    const simulation = new Simulation({
      api,
      centers: [center],
      patients: ['p1', 'p2', 'p3', 'p4'],
      seed: 5,
      // ×3000 at 120 an hour: the steady bookings come about 10 ms apart after the opening three.
      pace: 3000,
      bookingsPerHour: 1,
      horizonHours: 12,
      lookAheadHours: 6 * 24,
      initialBookings: 3,
      durationMs: 800,
      // The visits themselves are days away: only the bookings are under test.
      playUntilMs: 0,
      log: (line) => {
        lines.push(line);
        bookingsWhenSaid.set(line, calls.filter((c) => c.method === 'POST' && c.path.endsWith('/appointments')).length);
      },
    });
    await simulation.run();
    const booked = api.tally.get('booked');
    expect(booked).toBeGreaterThan(3);
    expect(api.tally.get('booked after a full horizon')).toBe(booked);
    expect(calls.some((c) => c.path.includes('/waitlist') && c.method === 'POST')).toBe(false);
    expect(lines.filter((l) => l.includes('no chair free in the next 12 h'))).toEqual([
      '[simulator] Test: no chair free in the next 12 h, booking up to 6 days further ahead',
    ]);
    // Said after its three bookings and before any steady one: demo-check counts from this line.
    expect(bookingsWhenSaid.get('[simulator] Test: opening book made, 3 of 3 booked (3 after a full 12 h horizon)')).toBe(3);
  });

  it('plays what an earlier run booked for today, from check-in', async () => {
    const soon = new Date(Date.now() + 20 * 60_000).toISOString();
    const later = new Date(Date.now() + 20 * 60_000 + 3 * HOUR).toISOString();
    const { api, calls } = fakeApi((method, path) =>
      method === 'GET' && path.includes(`/board?date=${DateTime.now().setZone('Europe/Madrid').toISODate()}`)
        ? {
            status: 200,
            body: {
              sessions: [
                { appointmentId: 'a1', therapyCode: 'iron', status: 'expected', plannedStartsAt: soon, plannedEndsAt: later },
                { appointmentId: 'a2', therapyCode: 'iron', status: 'discharged', plannedStartsAt: soon, plannedEndsAt: later },
              ],
            },
          }
        : method === 'GET'
          ? { status: 200, body: { sessions: [] } }
          : { status: 409, body: {} },
    );
    // ×3000: 20 minutes of the simulated clock pass in under half a second.
    const simulation = new Simulation({
      api,
      centers: [center],
      patients: ['p'],
      seed: 3,
      pace: 3000,
      bookingsPerHour: 1,
      horizonHours: 12,
      durationMs: 0,
      adoptBooked: true,
    });
    await simulation.run();
    expect(api.tally.get('adopted')).toBe(1);
    expect(calls.filter((c) => c.path.startsWith('/locations/loc/sessions/')).map((c) => c.path.split('/')[4])).toContain('a1');
    expect(calls.some((c) => c.path.includes('/sessions/a2/'))).toBe(false);
  });

  it('halted, ends at once: the visit waiting for its patient is dropped, not failed, and no timer is left', async () => {
    const inAnHour = new Date(Date.now() + HOUR).toISOString();
    const { api, calls } = fakeApi((method, path) => {
      if (method === 'GET' && path.includes('/slots?'))
        return { status: 200, body: [{ start: inAnHour, chairId: 'c', nurseId: 'n' }] };
      if (method === 'POST' && path.endsWith('/appointments'))
        return { status: 201, body: { id: 'a1', startsAt: inAnHour, endsAt: inAnHour, durationMinutes: 60 } };
      return { status: 404, body: {} };
    });
    // At ×1 the patient arrives in an hour, and the next booking is hours away.
    const simulation = new Simulation({
      api,
      centers: [center],
      patients: ['p'],
      seed: 1,
      pace: 1,
      bookingsPerHour: 1,
      horizonHours: 12,
      initialBookings: 1,
      durationMs: Infinity,
    });
    const running = simulation.run();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.tally.get('booked')).toBe(1);
    const halted = Date.now();
    simulation.halt();
    await running;
    expect(Date.now() - halted).toBeLessThan(1_000);
    expect(api.tally.get('visit failed')).toBe(0);
    // Nothing after the halt: no check-in, no further booking.
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/locations/loc/appointments']);
  });
});
