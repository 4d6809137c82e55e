import { DateTime } from 'luxon';
import { call, PlatformRun, tokenFor, useOwnTopics } from '@chairside/testing';
import {
  Api,
  createPatients,
  ensureCenter,
  fleet,
  Incidents,
  Random,
  Simulation,
  Tally,
} from '../../apps/simulator/src/index.js';
import { schedulingDataSourceOptions } from '../../apps/scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../apps/sessions/src/database/data-source.js';
import { notificationsDataSourceOptions } from '../../apps/notifications/src/database/data-source.js';
import { reportingDataSourceOptions } from '../../apps/reporting/src/database/data-source.js';

/*
 * Issue 17: the simulator makes things go wrong, through the public APIs with its own token only,
 * and scheduling answers with re-plans. A center open round the clock is played at ×180 with many
 * incidents a day (one of each kind every half simulated hour), against the real four services on
 * their own databases and topics, sessions with its test clock as in the demo.
 *
 * @runs-alone: it plays 100 s of real time at ×180, so how much happens (sick calls that find cover,
 * proposals read before the end) depends on the machine keeping up; beside another file on two cores
 * it failed in CI (276 s, 2026-12-03), alone it passes in 186–329 s.
 */
describe('the simulator’s overruns, sick calls and chair outages lead to re-plan proposals, and its charge nurse applies some', () => {
  const restoreTopics = useOwnTopics('sim17-incidents');
  afterAll(restoreTopics);
  let run: PlatformRun;
  let tally: Tally;
  let locationId: string;
  let simulatedDays: string[];

  beforeAll(async () => {
    run = await PlatformRun.start({
      label: 'sim17_incidents',
      dataSources: {
        scheduling: schedulingDataSourceOptions,
        sessions: sessionsDataSourceOptions,
        notifications: notificationsDataSourceOptions,
        reporting: reportingDataSourceOptions,
      },
      env: { LOG_LEVEL: 'warn', SESSIONS_ADJUSTABLE_CLOCK: 'true', SESSION_WATCH_INTERVAL_MS: '1000' },
    });
    // The simulator's machine client: an admin of the organisation (it registers the center).
    tally = new Tally();
    const api = new Api(run.urls, tokenFor(['admin'], '*'), tally);
    // Three nurses, not the two a fleet center of 8 chairs has: with two, a sick call finds nobody to
    // cover most of the time (96 of 97 tries in a failed run) and the one that happens may leave
    // no place to move its patients to, so no proposal; the test is of the re-plan, not of staffing.
    const [spec] = fleet(1, 8, `Incidents ${run.id}`, 2);
    const center = await ensureCenter(api, { ...spec!, nurses: 3 });
    locationId = center.locationId;
    const patients = await createPatients(api, new Random(17), 40, run.id);
    const simulation = new Simulation({
      api,
      centers: [center],
      patients,
      seed: 17,
      pace: 180,
      bookingsPerHour: 10,
      horizonHours: 8,
      durationMs: 100_000,
      playUntilMs: 110_000,
    });
    const incidents = new Incidents({
      api,
      simulation,
      centers: [center],
      rates: { overrunsPerDay: 48, sickCallsPerDay: 48, outagesPerDay: 48, applyReplansShare: 0.5 },
      random: new Random(17).fork(2),
      log: (line) => console.log(line),
    });
    const began = Date.now();
    await Promise.all([simulation.run(), incidents.run()]);
    const end = DateTime.fromMillis(simulation.simulatedNow() + 8 * 3_600_000, { zone: center.timeZone });
    simulatedDays = [];
    for (let d = DateTime.fromMillis(began, { zone: center.timeZone }).startOf('day'); d <= end; d = d.plus({ days: 1 }))
      simulatedDays.push(d.toISODate()!);
    console.log(`incidents run: ${JSON.stringify(tally)}`);
  }, 600_000);
  afterAll(async () => {
    await run?.stop();
  });

  it('sees proposals from overruns (sessions shown the simulated clock) and from sick calls, applies about its share, and creates outages; no server errors', async () => {
    expect(tally.get('overrun')).toBeGreaterThan(0);
    // Shown at once and at every tick while a session is paused: at least once per overrun.
    expect(tally.get('sessions clock moved')).toBeGreaterThanOrEqual(tally.get('overrun'));
    expect(tally.get('replan proposed (session_overrun)')).toBeGreaterThan(0);
    expect(tally.get('sick call')).toBeGreaterThan(0);
    // Scheduling's own table, not only what the charge nurse saw: a later overrun or outage on the
    // same appointment supersedes a sick call's proposal, at times before her next look 3 s later.
    const [sickCallProposals] = await run.databases.scheduling.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM replan_proposal WHERE location_id = $1 AND cause = 'nurse_shift_removed'`,
      [locationId],
    );
    expect(sickCallProposals!.n).toBeGreaterThan(0);
    expect(sickCallProposals!.n).toBeGreaterThanOrEqual(tally.get('replan proposed (nurse_shift_removed)'));
    // A chair out of service is created; whether scheduling proposes moves for its appointments is scheduling's part.
    expect(tally.get('outage')).toBeGreaterThan(0);
    console.log(
      `proposals seen from outages: ${
        [...tally.counts]
          .filter(([k]) => k.startsWith('replan proposed (') && !/session_overrun|nurse_shift/.test(k))
          .map(([k, n]) => `${k}: ${n}`)
          .join(', ') || 'none'
      }`,
    );
    expect(tally.get('replan applied')).toBeGreaterThan(0);
    expect(tally.get('replan applied')).toBeLessThan(tally.get('replan proposed'));
    expect([...tally.counts.keys()].filter((k) => / 5\d\d$/.test(k) && !k.startsWith('retry'))).toEqual([]);
    expect([...tally.counts.keys()].filter((k) => k.endsWith('failed'))).toEqual([]);

    // What the simulated charge nurse applied is what scheduling recorded; a charge nurse of this center reads the days.
    const [applied] = await run.databases.scheduling.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM replan_proposal WHERE location_id = $1 AND status = 'applied'`,
      [locationId],
    );
    expect(applied!.n).toBe(tally.get('replan applied'));
    const chargeNurse = tokenFor(['charge-nurse'], [locationId]);
    for (const date of simulatedDays) {
      const day = await call('GET', `${run.url('scheduling')}/locations/${locationId}/replans?date=${date}`, {
        token: chargeNurse,
      });
      expect(day.status).toBe(200);
    }
  });
});
