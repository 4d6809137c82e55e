import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { DEFAULT_THERAPIES, type TherapyCode } from '@chairside/domain';
import type { Api } from './api.js';
import type { Center } from './center.js';
import { Random } from './random.js';
import { planVisit, type VisitPlan } from './visit-plan.js';
import { planOverrun, type UpcomingVisit } from './victims.js';
import { MINUTE } from '@chairside/domain';

export type { UpcomingVisit } from './victims.js';

export interface SimulationOptions {
  api: Api;
  centers: Center[];
  /** Patients to book, shared by the centers (one patient is never in two chairs at once: scheduling refuses). */
  patients: string[];
  seed: number;
  /**
   * How much faster than real time the simulated clock runs. Appointments are real (booked for
   * real times); the simulator reaches each one when its clock does, and everything inside a
   * visit (waits, the infusion, observation) takes 1/pace of its real length. 1 = real time.
   */
  pace: number;
  /** Bookings per hour of simulated time at each center (unless the center has its own rate). */
  bookingsPerHour: number;
  /**
   * How far ahead bookings are searched, in hours from the simulated clock's now: the window moves
   * with that clock, so a long run books into the following days as they come.
   */
  horizonHours: number;
  /** When the horizon is full, how much further to look (hours) before joining the waitlist; 0 by default. */
  lookAheadHours?: number;
  /**
   * Also play what is already booked at each center today and tomorrow (by an earlier run: the demo
   * started again), from check-in, as the simulated clock reaches each start.
   */
  adoptBooked?: boolean;
  /**
   * Bookings made at once at each center when the run starts (then the center's rate): the book as
   * it stands when a demo opens, so the first minutes have patients to disturb. 1 by default.
   */
  initialBookings?: number;
  /** Stop booking after this long (real ms); visits under way are finished, later ones are left. */
  durationMs: number;
  /** Visits whose start is later than this (real ms from the start) are booked but not played. */
  playUntilMs?: number;
  log?: (line: string) => void;
}

interface Slot {
  start: string;
  chairId: string;
  nurseId: string;
}

interface BoardSession {
  appointmentId: string;
  chairId: string;
  nurseId: string;
  therapyCode: TherapyCode;
  status: string;
  plannedStartsAt: string;
  plannedEndsAt: string;
}

/** A booking this run made, and whether the horizon was full so it went to a later day. */
interface Reserved {
  appointment: Appointment;
  onLaterDay: boolean;
}

interface Appointment {
  id: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  /** As scheduling placed it (the slot's own when absent). */
  chairId?: string;
  nurseId?: string;
}

/**
 * A session to be held up once it is infusing (incidents.ts), long enough to run past its planned
 * end into the next patient's start (planOverrun sizes the pause).
 */
export interface OverrunOrder {
  /**
   * Where the session is held up: the pharmacy holds the drug while the patient waits in the chair
   * (the sooner of the two, as the patient is seated), or the infusion is paused once it runs.
   */
  at: 'drug' | 'infusion';
  reason: string;
  /** Called when the session is held up: the incidents show the slip to sessions' watch while it lasts. */
  noticed: (appointmentId: string, plan: { nextAppointmentId: string; pauseMinutes: number }) => Promise<void>;
}

/** What the simulated nurses type at discharge: it reaches the patient, and must never reach analytics. */
export const DISCHARGE_INSTRUCTIONS = 'Keep the dressing on until bedtime and drink two extra glasses of water tonight.';

/**
 * Drives centers through real use with the public APIs only: bookings from the therapy mix,
 * confirmations, cancellations, waitlist joins and offers taken up, arrivals with lateness,
 * no-shows, chair and pharmacy waits, vitals, reactions at the therapy's rate, completion,
 * discharge. Seeded: visit n of a run always makes the same choices.
 */
export class Simulation {
  private readonly began = Date.now();
  private readonly visits = new Set<Promise<void>>();
  private visitCount = 0;
  private nextPatient = 0;
  private stopped = false;
  /** Aborted by halt(): every wait of the run ends at once, and what waited is dropped. */
  private readonly halting = new AbortController();
  /** Booked by this run and not reached yet, by appointment id. */
  private readonly upcoming = new Map<string, UpcomingVisit>();
  /** Overruns ordered per location, taken by the next session there to start infusing. */
  private readonly overrunOrders = new Map<string, OverrunOrder[]>();
  /** Sessions paused for an overrun right now (appointment ids). */
  private readonly heldUp = new Set<string>();
  /** Centers whose horizon this run found full: said once each, as the reason bookings go to later days. */
  private readonly horizonFull = new Set<string>();

  constructor(private readonly o: SimulationOptions) {
    // Every visit waiting listens for the halt: hundreds at once in a long run, none of them a leak.
    setMaxListeners(0, this.halting.signal);
  }

  get tally() {
    return this.o.api.tally;
  }

  /** The simulated clock: real time at the start, running `pace` times faster since. */
  simulatedNow(): number {
    return this.began + (Date.now() - this.began) * this.o.pace;
  }

  /** Real time at which the simulated clock reaches a real instant in the future. */
  private realTimeOf(instant: number): number {
    return this.began + (instant - this.began) / this.o.pace;
  }

  private simulatedMinutes(minutes: number): number {
    return (minutes * MINUTE) / this.o.pace;
  }

  async run(): Promise<void> {
    const random = new Random(this.o.seed);
    if (this.o.adoptBooked) for (const center of this.o.centers) await this.adopt(center);
    await Promise.all(
      this.o.centers.map((center, i) =>
        this.book(center, random.fork(1_000_000 + i)).catch((e: unknown) => this.unlessHalted(e)),
      ),
    );
    await Promise.all([...this.visits]);
  }

  /** Ends booking now; visits under way finish. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Ends the run now: nothing more is booked, and no visit takes another step (one waiting for its
   * patient, half an hour for a no-show, or the next step of a session is dropped where it is), so
   * no timer of the run is left behind in a process that goes on (a test that played the demo).
   */
  halt(): void {
    this.stopped = true;
    this.halting.abort();
  }

  /** Waits, or fails at once with an AbortError when the run is halted. */
  private async sleep(ms: number): Promise<void> {
    await delay(Math.max(0, ms), undefined, { signal: this.halting.signal });
  }

  /** A wait cut short by halt(): how a halted run ends, not a failure. */
  private cutShortByHalt(error: unknown): boolean {
    return this.halting.signal.aborted && (error as Error).name === 'AbortError';
  }

  /** Rethrows anything but a wait cut short by halt(). */
  private unlessHalted(error: unknown): void {
    if (!this.cutShortByHalt(error)) throw error;
  }

  get pace(): number {
    return this.o.pace;
  }

  get stopping(): boolean {
    return this.stopped || Date.now() - this.began >= this.o.durationMs;
  }

  /** This run's visits at a location not reached yet that start in [from, to) (simulated instants). */
  upcomingAt(locationId: string, from: number, to: number): UpcomingVisit[] {
    return [...this.upcoming.values()]
      .filter((v) => v.locationId === locationId && Date.parse(v.startsAt) >= from && Date.parse(v.startsAt) < to)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  /** A re-plan moved a visit: its patient comes at the new time, to the new chair and nurse. */
  moved(appointmentId: string, to: { startsAt: string; chairId: string; nurseId: string }): void {
    const visit = this.upcoming.get(appointmentId);
    if (visit) this.upcoming.set(appointmentId, { ...visit, ...to });
  }

  /** The next session at the location to start infusing is held up as ordered. */
  orderOverrun(locationId: string, order: OverrunOrder): void {
    this.overrunOrders.set(locationId, [...(this.overrunOrders.get(locationId) ?? []), order]);
  }

  /** Sessions paused for an overrun right now: while any is, sessions' watch is shown the simulated clock. */
  get sessionsHeldUp(): number {
    return this.heldUp.size;
  }

  /** Overruns ordered at the location and not yet taken by a session. */
  overrunsWaiting(locationId: string): number {
    return this.overrunOrders.get(locationId)?.length ?? 0;
  }

  private track(n: number, visit: Promise<void>): void {
    const tracked = visit.catch((error: unknown) => {
      if (this.cutShortByHalt(error)) return;
      this.tally.add('visit failed');
      this.o.log?.(`[simulator] visit ${n}: ${(error as Error).message}`);
    });
    this.visits.add(tracked);
    void tracked.finally(() => this.visits.delete(tracked));
  }

  private async book(center: Center, random: Random): Promise<void> {
    const meanGapMs = (60 * MINUTE) / (center.bookingsPerHour ?? this.o.bookingsPerHour) / this.o.pace;
    let offersChecked = Date.now();
    const opening = this.o.initialBookings ?? 1;
    const openingBook: Array<Promise<Reserved | undefined>> = [];
    // The first bookings at once: a start shows activity within seconds whatever the rate.
    for (let made = 0; !this.stopped && Date.now() - this.began < this.o.durationMs; made++) {
      if (made === opening) await this.openingBookMade(center, openingBook);
      if (made >= opening) await this.sleep(-Math.log(1 - random.next()) * meanGapMs);
      // A quarter second apart: the first bookings do not all race for the same slot.
      else if (made > 0) await this.sleep(250);
      if (this.stopped) break;
      const n = this.visitCount++;
      const plan = planVisit(new Random(this.o.seed).fork(n));
      const patientId = this.o.patients[this.nextPatient++ % this.o.patients.length]!;
      const reserved = this.reserve(center, n, plan, patientId);
      if (made < opening) openingBook.push(reserved.catch(() => undefined));
      this.track(
        n,
        reserved.then(async (booked) => {
          if (!booked) return;
          try {
            await this.play(center, plan, booked.appointment);
          } finally {
            this.upcoming.delete(booked.appointment.id);
          }
        }),
      );
      if (Date.now() - offersChecked > 5_000) {
        offersChecked = Date.now();
        await this.takeWaitlistOffers(center, random);
      }
    }
  }

  /**
   * Says when a center's opening bookings are all answered, and how many went to later days: what
   * the center books from then on is the steady rate (demo-check counts those apart).
   */
  private async openingBookMade(center: Center, requests: Array<Promise<Reserved | undefined>>): Promise<void> {
    const reserved = (await Promise.all(requests)).filter((r) => r !== undefined);
    const later = reserved.filter((r) => r.onLaterDay).length;
    this.o.log?.(
      `[simulator] ${center.name}: opening book made, ${reserved.length} of ${requests.length} booked (${later} after a full ${this.o.horizonHours} h horizon)`,
    );
  }

  /** Searches the horizon (then further ahead) and books, or joins the waitlist when nothing is free. */
  private async reserve(center: Center, n: number, plan: VisitPlan, patientId: string): Promise<Reserved | undefined> {
    const { api } = this.o;
    const now = Math.max(Date.now(), this.simulatedNow());
    const horizon = now + this.o.horizonHours * 60 * MINUTE;
    const windows: Array<[number, number]> = [[now, horizon]];
    if (this.o.lookAheadHours) windows.push([horizon, horizon + this.o.lookAheadHours * 60 * MINUTE]);
    let slot: Slot | undefined;
    let onLaterDay = false;
    for (const [window, [from, to]] of windows.entries()) {
      const query = new URLSearchParams({
        therapyCode: plan.therapyCode,
        patientId,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        preferredFrom: plan.preferredFrom,
        preferredTo: plan.preferredTo,
        limit: '3',
      });
      const slots = await api.call('scheduling', 'GET', `/locations/${center.locationId}/slots?${query}`);
      slot = slots.status === 200 ? (slots.body as Slot[])[0] : undefined;
      if (slot) {
        onLaterDay = window > 0;
        break;
      }
      if (window === 0 && slots.status === 200) this.noteHorizonFull(center);
    }
    if (!slot) {
      // Nothing free in the horizon: the request waits for a cancellation.
      const joined = await api.call('scheduling', 'POST', `/locations/${center.locationId}/waitlist`, {
        patientId,
        therapyCode: plan.therapyCode,
        earliest: new Date(now).toISOString(),
        latest: new Date(now + (this.o.horizonHours + 24) * 60 * MINUTE).toISOString(),
      });
      this.tally.add(joined.status === 201 ? 'waitlist joined' : `waitlist refused ${joined.status}`);
      return undefined;
    }
    const booked = await api.call(
      'scheduling',
      'POST',
      `/locations/${center.locationId}/appointments`,
      { patientId, therapyCode: plan.therapyCode, startsAt: slot.start },
      { 'idempotency-key': `simulator-${this.o.seed}-${this.began}-${n}` },
    );
    if (booked.status !== 201) {
      // Taken in the meantime by another booking (409), or the patient is busy then: a real clerk searches again.
      this.tally.add(`booking refused ${booked.status}`);
      return undefined;
    }
    const appointment = booked.body as Appointment;
    this.tally.add('booked');
    if (onLaterDay) this.tally.add('booked after a full horizon');
    this.upcoming.set(appointment.id, {
      appointmentId: appointment.id,
      locationId: center.locationId,
      chairId: appointment.chairId ?? slot.chairId,
      nurseId: appointment.nurseId ?? slot.nurseId,
      startsAt: appointment.startsAt,
    });
    return { appointment, onLaterDay };
  }

  /** The horizon had no free chair: the first time at a center, the log says where bookings go instead. */
  private noteHorizonFull(center: Center): void {
    this.tally.add('horizon full');
    if (this.horizonFull.has(center.locationId)) return;
    this.horizonFull.add(center.locationId);
    this.o.log?.(
      `[simulator] ${center.name}: no chair free in the next ${this.o.horizonHours} h, ${this.o.lookAheadHours ? `booking up to ${this.o.lookAheadHours / 24} days further ahead` : 'requests join the waitlist'}`,
    );
  }

  /** Plays the visits already booked at a center today and tomorrow (local) that have not begun. */
  private async adopt(center: Center): Promise<void> {
    const today = DateTime.now().setZone(center.timeZone);
    for (const date of [today, today.plus({ days: 1 })]) {
      const board = await this.o.api.call('sessions', 'GET', `/locations/${center.locationId}/board?date=${date.toISODate()}`);
      if (board.status !== 200) continue;
      for (const s of (board.body as { sessions: BoardSession[] }).sessions) {
        // Not arrived yet, and not so late that the patient would be a no-show by now.
        if (s.status !== 'expected' || Date.parse(s.plannedStartsAt) < Date.now() - 15 * MINUTE) continue;
        const n = this.visitCount++;
        const drawn = planVisit(new Random(this.o.seed).fork(n));
        // Booked by an earlier run: this one neither confirms nor cancels it; the patient comes, so a restart shows visits.
        const plan: VisitPlan = { ...drawn, therapyCode: s.therapyCode, confirms: false, fate: 'attends' };
        const chairMinutes = (Date.parse(s.plannedEndsAt) - Date.parse(s.plannedStartsAt)) / MINUTE;
        const appointment: Appointment = {
          id: s.appointmentId,
          startsAt: s.plannedStartsAt,
          endsAt: s.plannedEndsAt,
          durationMinutes: Math.min(chairMinutes, DEFAULT_THERAPIES[s.therapyCode].defaultDurationMinutes),
        };
        this.tally.add('adopted');
        // Adopted visits can be disturbed too: a restart has patients for its first incidents at once.
        this.upcoming.set(s.appointmentId, {
          appointmentId: s.appointmentId,
          locationId: center.locationId,
          chairId: s.chairId,
          nurseId: s.nurseId,
          startsAt: s.plannedStartsAt,
        });
        this.track(
          n,
          this.play(center, plan, appointment).finally(() => this.upcoming.delete(s.appointmentId)),
        );
      }
    }
  }

  private async play(center: Center, plan: VisitPlan, appointment: Appointment): Promise<void> {
    const { api } = this.o;
    // A re-plan the charge nurse applied meanwhile moves the visit (never earlier).
    const currentStart = () => Date.parse(this.upcoming.get(appointment.id)?.startsAt ?? appointment.startsAt);
    const appointmentPath = `/locations/${center.locationId}/appointments/${appointment.id}`;
    if (plan.confirms) {
      await this.sleep(this.simulatedMinutes(30));
      const confirmed = await api.call('scheduling', 'POST', `${appointmentPath}/confirm`);
      this.tally.add(confirmed.status === 200 ? 'confirmed' : `confirm refused ${confirmed.status}`);
    }
    if (plan.fate === 'cancels') {
      await this.sleep(this.simulatedMinutes(60));
      const cancelled = await api.call('scheduling', 'POST', `${appointmentPath}/cancel`, { reason: 'patient_request' });
      this.tally.add(cancelled.status === 200 ? 'cancelled' : `cancel refused ${cancelled.status}`);
      return;
    }
    const arrival = this.realTimeOf(currentStart() + plan.latenessMinutes * MINUTE);
    if (this.o.playUntilMs !== undefined && arrival - this.began > this.o.playUntilMs) {
      this.tally.add('left for later');
      return;
    }
    if (plan.fate === 'no-show') {
      // Scheduling accepts a no-show only after the start and its grace period, in real time.
      const markable = currentStart() + 31 * MINUTE;
      if (this.o.playUntilMs !== undefined && markable - this.began > this.o.playUntilMs) {
        this.tally.add('left for later');
        return;
      }
      await this.sleep(markable - Date.now());
      const marked = await api.call('scheduling', 'POST', `${appointmentPath}/no-show`);
      this.tally.add(marked.status === 200 ? 'no-show' : `no-show refused ${marked.status}`);
      return;
    }
    await this.sleep(arrival - Date.now());
    // Moved while the patient was on the way: the patient comes at the new time.
    while (this.realTimeOf(currentStart() + plan.latenessMinutes * MINUTE) > Date.now() + 50)
      await this.sleep(this.realTimeOf(currentStart() + plan.latenessMinutes * MINUTE) - Date.now());
    const visit = this.upcoming.get(appointment.id);
    this.upcoming.delete(appointment.id);
    await this.session(center, plan, appointment, visit);
  }

  /**
   * An overrun ordered at the location, taken only by a session whose chair or nurse has another
   * patient booked soon after its planned end (planOverrun): an overrun that disturbs nobody shows
   * nothing. The pause is sized to pass that patient's start.
   */
  private takeOverrun(
    at: OverrunOrder['at'],
    locationId: string,
    visit: UpcomingVisit | undefined,
    appointment: Appointment,
  ): { order: OverrunOrder; nextAppointmentId: string; pauseMinutes: number } | undefined {
    const orders = this.overrunOrders.get(locationId);
    if (orders?.[0]?.at !== at || !visit) return undefined;
    // A re-plan may have moved the visit: its planned end moves with its start.
    const moved = Date.parse(visit.startsAt) - Date.parse(appointment.startsAt);
    const plan = planOverrun(
      visit,
      { startsAt: Date.parse(visit.startsAt), endsAt: Date.parse(appointment.endsAt) + moved },
      this.upcoming.values(),
      this.simulatedNow(),
    );
    if (!plan) return undefined;
    return { order: orders.shift()!, nextAppointmentId: plan.next.appointmentId, pauseMinutes: plan.pauseMinutes };
  }

  private async session(center: Center, plan: VisitPlan, appointment: Appointment, visit?: UpcomingVisit): Promise<void> {
    const { api } = this.o;
    const path = `/locations/${center.locationId}/sessions/${appointment.id}`;
    const step = async (name: string, body: unknown = {}): Promise<{ status?: string } | undefined> => {
      const r = await api.call('sessions', 'POST', `${path}/${name}`, body);
      if (r.status === 200 || r.status === 201) {
        this.tally.add(`session ${name}`);
        return r.body as { status?: string };
      }
      this.tally.add(`session ${name} refused ${r.status}`);
      return undefined;
    };
    // The session exists once sessions has read the booking from Kafka: a nurse would refresh the board.
    for (let i = 0; ; i++) {
      const r = await api.call('sessions', 'POST', `${path}/check-in`, {});
      if (r.status === 200) {
        this.tally.add('session check-in');
        break;
      }
      if (r.status !== 404 || i > 120) {
        this.tally.add(`session check-in refused ${r.status}`);
        return;
      }
      await this.sleep(500);
    }
    await this.sleep(this.simulatedMinutes(plan.chairWaitMinutes));
    if (!(await step('seat'))) return;
    await step('access', { route: 'iv', site: 'left forearm', attempts: plan.setupMinutes > 8 ? 2 : 1, numbingSprayUsed: false });
    const drugHeld = this.takeOverrun('drug', center.locationId, visit, appointment);
    if (drugHeld) {
      // The pharmacy holds the drug (a dose remade, a lab value awaited): the patient waits in the chair past the planned end.
      await this.heldUpFor(appointment.id, drugHeld, Math.max(plan.drugWaitMinutes, drugHeld.pauseMinutes));
    } else await this.sleep(this.simulatedMinutes(plan.drugWaitMinutes));
    if (!(await step('drug-ready'))) return;
    await this.sleep(this.simulatedMinutes(plan.setupMinutes));
    if (!(await step('start', { rateMlPerHour: 120 }))) return;
    // One overrun a session: one held up at the pharmacy is not paused again.
    const overrun = drugHeld ? undefined : this.takeOverrun('infusion', center.locationId, visit, appointment);
    if (overrun) {
      // A pump alarm or a line to replace: the infusion waits, and the session runs past its planned end.
      await this.sleep(this.simulatedMinutes(5));
      if (await step('pause', { reason: overrun.order.reason })) {
        await this.heldUpFor(appointment.id, overrun, overrun.pauseMinutes);
        if (!(await step('resume', { ratePercent: 100 }))) return;
      }
    }
    const infusion = Math.round(appointment.durationMinutes * plan.infusionFactor);
    let elapsed = 0;
    const vitalsEvery = 30;
    const until = async (minute: number) => {
      // Vitals every half hour while infusing, as the monitoring schedules ask at the least.
      while (elapsed + vitalsEvery <= minute) {
        await this.sleep(this.simulatedMinutes(vitalsEvery));
        elapsed += vitalsEvery;
        await step('vitals', {
          systolic: 118 + (elapsed % 17),
          diastolic: 76,
          heartRate: 72 + (elapsed % 11),
          respiratoryRate: 14,
          temperatureC: 36.8,
          spo2: 98,
        });
      }
      await this.sleep(this.simulatedMinutes(minute - elapsed));
      elapsed = minute;
    };
    await step('vitals', { systolic: 121, diastolic: 78, heartRate: 74, respiratoryRate: 14, temperatureC: 36.7, spo2: 98 });
    if (plan.reaction && plan.reaction.afterMinutes < infusion) {
      await until(plan.reaction.afterMinutes);
      const severe = plan.reaction.grade >= 3;
      const recorded = await step('reactions', {
        kind: plan.reaction.kind,
        grade: plan.reaction.grade,
        actions: severe ? ['stopped', 'medication_given'] : ['paused'],
        outcome: severe ? 'resolving' : 'resolved',
      });
      if (severe || recorded?.status === 'stopped') {
        await this.sleep(this.simulatedMinutes(30));
        await step('discharge', { mayDrive: false, instructions: DISCHARGE_INSTRUCTIONS });
        return;
      }
      await this.sleep(this.simulatedMinutes(15));
      if (recorded?.status === 'paused') await step('resume', { ratePercent: 50 });
    }
    await until(infusion);
    if (!(await step('complete'))) return;
    await this.sleep(
      this.simulatedMinutes(
        Math.max(0, (Date.parse(appointment.endsAt) - Date.parse(appointment.startsAt)) / MINUTE - appointment.durationMinutes),
      ),
    );
    await step('discharge', { mayDrive: plan.therapyCode !== 'chemotherapy', instructions: DISCHARGE_INSTRUCTIONS });
  }

  /** A session held up for an overrun for `minutes` (simulated), shown to the incidents while it lasts. */
  private async heldUpFor(
    appointmentId: string,
    overrun: { order: OverrunOrder; nextAppointmentId: string; pauseMinutes: number },
    minutes: number,
  ): Promise<void> {
    this.heldUp.add(appointmentId);
    try {
      await overrun.order.noticed(appointmentId, { nextAppointmentId: overrun.nextAppointmentId, pauseMinutes: minutes });
      await this.sleep(this.simulatedMinutes(minutes));
    } finally {
      this.heldUp.delete(appointmentId);
    }
  }

  /** Waitlisted patients take most offers (a hold on freed time) by booking it. */
  private async takeWaitlistOffers(center: Center, random: Random): Promise<void> {
    const { api } = this.o;
    const list = await api.call('scheduling', 'GET', `/locations/${center.locationId}/waitlist`);
    if (list.status !== 200) return;
    for (const request of list.body as Array<{ status: string; offeredAppointmentId: string | null }>) {
      if (request.status !== 'offered' || !request.offeredAppointmentId || !random.chance(0.8)) continue;
      const taken = await api.call(
        'scheduling',
        'POST',
        `/locations/${center.locationId}/appointments/${request.offeredAppointmentId}/book`,
      );
      this.tally.add(taken.status === 200 ? 'waitlist offer booked' : `waitlist offer refused ${taken.status}`);
    }
  }
}
