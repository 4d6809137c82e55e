import { DateTime } from 'luxon';
import { MINUTE } from '@chairside/domain';
import type { Api } from './api.js';
import type { Center } from './center.js';
import type { IncidentRates } from './config/simulator.config.js';
import type { Random } from './random.js';
import type { Simulation } from './simulate.js';
import { chooseDisturbed, type UpcomingVisit } from './victims.js';

const HOUR = 60 * MINUTE;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export type IncidentKind = 'overrun' | 'sick call' | 'outage';

export interface IncidentsOptions {
  api: Api;
  simulation: Simulation;
  centers: Center[];
  rates: IncidentRates;
  random: Random;
  /** How often (real ms) incidents fall due and the charge nurse reads the proposals; 1 s by default. */
  tickMs?: number;
  log?: (line: string) => void;
}

interface Proposal {
  proposalId: string;
  version: number;
  appointmentId: string;
  cause: string;
}

interface Shift {
  id: string;
  nurseId: string;
  startsAt: string;
  endsAt: string;
}

/** Minutes a center is open in a day (HH:mm to HH:mm); a center without hours is always open. */
export function openMinutesPerDay(center: Pick<Center, 'opens' | 'closes'>): number {
  if (!center.opens || !center.closes) return 24 * 60;
  const minutes = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return h * 60 + m;
  };
  return Math.max(1, minutes(center.closes) - minutes(center.opens));
}

/** Whether the center is open at a (simulated) instant, in its own zone. */
export function isOpenAt(center: Pick<Center, 'opens' | 'closes' | 'timeZone'>, instant: number): boolean {
  if (!center.opens || !center.closes) return true;
  const local = DateTime.fromMillis(instant, { zone: center.timeZone }).toFormat('HH:mm');
  return local >= center.opens && local < center.closes;
}

/**
 * What goes wrong at a center during the simulated day, through the public APIs and the
 * simulator's own token, as the people there would do it: a session held up long enough to run
 * past its planned end (overrun), a nurse's shift removed (sick call), a chair out of service
 * (outage). Each kind happens at its rate per day of the center's opening hours, at random times
 * (a Poisson process over the open hours of the simulated clock), and only where there is a
 * booked patient to disturb; one that finds nobody to disturb is tried again at the next tick, not
 * lost. The first of each kind at each center falls due as the run starts (sick calls and outages
 * whether or not the center is open yet: a nurse calls in sick before her shift), so every start
 * shows re-plans of each kind within minutes. Scheduling answers each with re-plan proposals; the
 * simulated charge nurse applies the first of each cause at each center and a share of the rest
 * (the others stay on the Today board for a person).
 *
 * Sick calls and outages disturb a visit on the day the Today board shows (the center's real local
 * date) when there is one: at ×30 the simulated clock runs hours, then days, ahead of it.
 *
 * Overruns need sessions' watch to see the slip. At pace 1 it does by itself. Faster, the watch's
 * clock lags the simulator's (a visit is played hours before its real time), so while a held-up
 * session is paused the simulator moves its organisation's session clock to the simulated now at
 * every tick (`PUT /test/clock`, served only with SESSIONS_ADJUSTABLE_CLOCK=true, tests and the
 * demo): the projected end, and with it the running appointment's hold, grows as the simulated
 * pause does. The watch judges every session of the organisation by that clock, so other visits
 * running late in simulated time are announced with it.
 */
export class Incidents {
  private stopped = false;
  private clockUsable: boolean;
  private readonly seen = new Set<string>();
  /**
   * Per disturbed appointment, when (simulated) the charge nurse applies its proposal, or null when
   * she leaves it to a person (or already applied one): decided once, at its first proposal.
   */
  private readonly decided = new Map<string, number | null>();
  /** Causes (per center) whose first disturbed appointment the charge nurse has taken on: that one she always applies. */
  private readonly firstOfCause = new Set<string>();
  /** Failed applications per appointment (a 409: the schedule moved since the listing); tried again up to 3 times. */
  private readonly refusals = new Map<string, number>();

  constructor(private readonly o: IncidentsOptions) {
    this.clockUsable = o.simulation.pace > 1;
  }

  get tally() {
    return this.o.api.tally;
  }

  get enabled(): boolean {
    const r = this.o.rates;
    return r.overrunsPerDay > 0 || r.sickCallsPerDay > 0 || r.outagesPerDay > 0;
  }

  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<void> {
    if (!this.enabled) return;
    const { simulation, centers, rates, random } = this.o;
    const perDay: Array<[IncidentKind, number]> = [
      ['overrun', rates.overrunsPerDay],
      ['sick call', rates.sickCallsPerDay],
      ['outage', rates.outagesPerDay],
    ];
    // Open time (simulated ms) until each center's next incident of each kind: exponential gaps.
    // The first of each kind is due at once; a skipped one stays due (tried at every tick) and the
    // next gap starts only when it happened, so a quiet stretch does not pile them up.
    const gap = (center: Center, rate: number) => (-Math.log(1 - random.next()) * openMinutesPerDay(center) * MINUTE) / rate;
    const due = centers.map(() => perDay.map(([kind, rate]) => ({ kind, rate, left: rate > 0 ? 0 : Infinity, first: rate > 0 })));
    const tickMs = this.o.tickMs ?? 1_000;
    let last = simulation.simulatedNow();
    let lastRead = 0;
    while (!this.stopped && !simulation.stopping) {
      await sleep(tickMs);
      const now = simulation.simulatedNow();
      // A held-up session's slip grows with the simulated clock: sessions' watch is shown it at every tick.
      if (simulation.sessionsHeldUp > 0) await this.showWatch();
      for (const [i, center] of centers.entries()) {
        const open = isOpenAt(center, now);
        for (const d of due[i]!) {
          if (open) d.left -= now - last;
          if (d.left > 0 || (!open && !d.first)) continue;
          const happened = await this.happen(d.kind, center, now, d.first).catch((error: unknown) => {
            this.tally.add(`${d.kind} failed`);
            this.o.log?.(`[simulator] ${d.kind} at ${center.name}: ${(error as Error).message}`);
            return true;
          });
          if (!happened) continue;
          d.first = false;
          d.left = gap(center, d.rate);
        }
      }
      last = now;
      // The charge nurse looks at the proposals every few seconds (a few simulated minutes at ×30).
      if (Date.now() - lastRead >= Math.max(tickMs, 3_000)) {
        lastRead = Date.now();
        for (const center of centers) await this.chargeNurse(center, now).catch(() => this.tally.add('replans read failed'));
      }
    }
  }

  /**
   * One incident of a kind at a center now (simulated). False when it was skipped because nobody
   * booked would be disturbed (or nobody could cover): the caller tries again at its next tick.
   */
  async happen(kind: IncidentKind, center: Center, now: number, first = false): Promise<boolean> {
    if (kind === 'overrun') return this.orderOverrun(center, first);
    // The next six hours; failing that, the next day (a center that opens in the morning).
    let ahead = this.o.simulation.upcomingAt(center.locationId, now, now + 6 * HOUR);
    if (!ahead.length) ahead = this.o.simulation.upcomingAt(center.locationId, now, now + 24 * HOUR);
    const board = { timeZone: center.timeZone, date: DateTime.now().setZone(center.timeZone).toISODate()! };
    const visit = chooseDisturbed(ahead, board, (candidates) => this.o.random.pick(candidates));
    if (!visit) {
      this.tally.add(`${kind} skipped: nobody booked`);
      return false;
    }
    if (kind === 'sick call') return this.sickCall(center, visit);
    return this.outage(center, visit, now);
  }

  private orderOverrun(center: Center, first: boolean): boolean {
    const { simulation, random } = this.o;
    // Two waiting is enough: a quiet stretch does not pile them up for the morning.
    if (simulation.overrunsWaiting(center.locationId) >= 2) {
      this.tally.add('overrun skipped: two waiting');
      return false;
    }
    // The first at a center is the pharmacy's: a drug held is seen as soon as a patient is seated.
    const pharmacy = first || random.chance(0.5);
    simulation.orderOverrun(center.locationId, {
      at: pharmacy ? 'drug' : 'infusion',
      reason: pharmacy
        ? random.pick(['Pharmacy: dose remade after a labelling check', 'Pharmacy: waiting for the lab result before mixing'])
        : random.pick([
            'Pump occlusion alarm: line flushed and replaced',
            'IV access lost: new line placed',
            'Patient asked for a break',
          ]),
      noticed: (appointmentId, plan) => this.heldUp(center, appointmentId, plan),
    });
    this.tally.add('overrun ordered');
    return true;
  }

  /** A session is held up past its planned end, into the next patient's start: sessions' watch is shown it at once. */
  private async heldUp(
    center: Center,
    appointmentId: string,
    plan: { nextAppointmentId: string; pauseMinutes: number },
  ): Promise<void> {
    this.tally.add('overrun');
    this.o.log?.(
      `[simulator] overrun at ${center.name}: appointment ${appointmentId} held up ${plan.pauseMinutes} min, past the start of ${plan.nextAppointmentId}`,
    );
    await this.showWatch();
  }

  /** Faster than real time, sessions' watch is shown the simulated now (its organisation's clock; never backwards). */
  private async showWatch(): Promise<void> {
    if (!this.clockUsable) return;
    const moved = await this.o.api.call('sessions', 'PUT', '/test/clock', {
      now: new Date(this.o.simulation.simulatedNow()).toISOString(),
    });
    if (moved.status === 200) {
      this.tally.add('sessions clock moved');
      return;
    }
    // Without the test clock (production, or SESSIONS_ADJUSTABLE_CLOCK off) the watch sees overruns only at pace 1.
    this.clockUsable = false;
    this.tally.add(`sessions clock refused ${moved.status}`);
    this.o.log?.(
      `[simulator] sessions refused PUT /test/clock (${moved.status}): at pace ×${this.o.simulation.pace} its watch will not see overruns (SESSIONS_ADJUSTABLE_CLOCK=true shows them)`,
    );
  }

  /** The nurse of a booked visit calls in sick: her shift that day goes, if another nurse works then. */
  private async sickCall(center: Center, visit: UpcomingVisit): Promise<boolean> {
    const { api } = this.o;
    const start = Date.parse(visit.startsAt);
    const date = DateTime.fromMillis(start, { zone: center.timeZone }).toISODate()!;
    const listed = await api.call('scheduling', 'GET', `/locations/${center.locationId}/shifts?from=${date}&days=1`);
    if (listed.status !== 200) {
      this.tally.add(`sick call refused ${listed.status}`);
      return false;
    }
    const shifts = (listed.body as { shifts: Shift[] }).shifts;
    const covers = (s: Shift, t: number) => Date.parse(s.startsAt) <= t && Date.parse(s.endsAt) > t;
    const shift = shifts.find((s) => s.nurseId === visit.nurseId && covers(s, start));
    // A center is never left without a nurse: someone else must be working then.
    if (!shift || !shifts.some((s) => s.nurseId !== visit.nurseId && covers(s, start))) {
      this.tally.add('sick call skipped: no one to cover');
      return false;
    }
    const removed = await api.call(
      'scheduling',
      'DELETE',
      `/locations/${center.locationId}/nurses/${shift.nurseId}/shifts/${shift.id}`,
      { reason: 'Sick call (simulated)' },
    );
    if (removed.status !== 200) {
      this.tally.add(`sick call refused ${removed.status}`);
      return false;
    }
    const affected = (removed.body as { affectedAppointments?: unknown[] }).affectedAppointments?.length ?? 0;
    this.tally.add('sick call');
    this.tally.add('sick call appointments affected', affected);
    this.o.log?.(
      `[simulator] sick call at ${center.name}: ${shift.nurseId}'s shift removed, ${affected} appointments to re-plan`,
    );
    return true;
  }

  /** The chair of a booked visit goes out of service from now (or an hour before it) until an hour or three after it starts. */
  private async outage(center: Center, visit: UpcomingVisit, now: number): Promise<boolean> {
    const visitStart = Date.parse(visit.startsAt);
    const startsAt = Math.max(now, visitStart - HOUR);
    const endsAt = visitStart + this.o.random.int(60, 180) * MINUTE;
    const created = await this.o.api.call(
      'scheduling',
      'POST',
      `/locations/${center.locationId}/chairs/${visit.chairId}/outages`,
      {
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        reason: this.o.random.pick(['Recliner motor failure (simulated)', 'Spill: deep cleaning (simulated)']),
      },
    );
    if (created.status !== 201) {
      this.tally.add(`outage refused ${created.status}`);
      return false;
    }
    const affected = (created.body as { affectedAppointmentIds?: unknown[] }).affectedAppointmentIds?.length ?? 0;
    this.tally.add('outage');
    this.tally.add('outage appointments affected', affected);
    this.o.log?.(`[simulator] outage at ${center.name}: chair ${visit.chairId}, ${affected} appointments on it`);
    return true;
  }

  /**
   * The charge nurse reads the open proposals of the day her Today board shows (the real date), the
   * center's simulated day and the next, decides for each disturbed appointment whether to take
   * scheduling's way out (always for the first of each cause at the center, so every start shows
   * one applied; then with the configured chance), and applies it a few simulated minutes later, as
   * then listed (a later overrun may have replaced the proposal with a newer one).
   */
  private async chargeNurse(center: Center, now: number): Promise<void> {
    const { api, simulation, random, rates } = this.o;
    const today = DateTime.fromMillis(now, { zone: center.timeZone });
    const dates = new Set([
      DateTime.now().setZone(center.timeZone).toISODate()!,
      today.toISODate()!,
      today.plus({ days: 1 }).toISODate()!,
    ]);
    // By appointment: one application each, whichever day listed it.
    const due = new Map<string, Proposal>();
    for (const date of dates) {
      const listed = await api.call('scheduling', 'GET', `/locations/${center.locationId}/replans?date=${date}`);
      if (listed.status !== 200) continue;
      for (const p of (listed.body as { proposals: Proposal[] }).proposals) {
        if (!this.seen.has(p.proposalId)) {
          // Bounded over a long demo: proposals this old have been applied, superseded or played past.
          if (this.seen.size > 10_000) this.seen.clear();
          this.seen.add(p.proposalId);
          this.tally.add('replan proposed');
          this.tally.add(`replan proposed (${p.cause})`);
          if (!this.decided.has(p.appointmentId)) {
            const first = !this.firstOfCause.has(`${center.locationId} ${p.cause}`);
            this.firstOfCause.add(`${center.locationId} ${p.cause}`);
            const applies = (first && rates.applyReplansShare > 0) || random.chance(rates.applyReplansShare);
            this.decided.set(p.appointmentId, applies ? now + 10 * MINUTE : null);
            if (this.decided.size > 10_000) this.decided.delete(this.decided.keys().next().value!);
          }
        }
        const at = this.decided.get(p.appointmentId);
        if (at !== undefined && at !== null && at <= now) due.set(p.appointmentId, p);
      }
    }
    for (const proposal of due.values()) {
      this.decided.set(proposal.appointmentId, null);
      const applied = await api.call('scheduling', 'POST', `/locations/${center.locationId}/replans/apply`, {
        proposals: [{ proposalId: proposal.proposalId, version: proposal.version }],
      });
      if (applied.status !== 200) {
        // Stale (409): the schedule moved since it was listed; she tries the newer proposal at her next look.
        this.tally.add(`replan apply refused ${applied.status}`);
        const refused = (this.refusals.get(proposal.appointmentId) ?? 0) + 1;
        if (this.refusals.size > 10_000) this.refusals.clear();
        this.refusals.set(proposal.appointmentId, refused);
        if (applied.status === 409 && refused < 3) this.decided.set(proposal.appointmentId, now);
        continue;
      }
      this.tally.add('replan applied');
      for (const a of (
        applied.body as { applied: Array<{ appointmentId: string; startsAt: string; chairId: string; nurseId: string }> }
      ).applied)
        simulation.moved(a.appointmentId, a);
    }
  }
}
