import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { Subject, type Observable } from 'rxjs';
import type { Logger } from 'pino';
import { Topics } from '@chairside/contracts';
import { createKafkaClient, isCoordinatorStarting, kafkaConnection, physicalTopic } from '@chairside/messaging';
import { PINO_LOGGER } from '@chairside/platform';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console.config.js';

/** What the browser is told: the fact and the ids to place it, never names or clinical detail. */
export interface LiveEvent {
  /** `scheduling.appointment.booked`, `sessions.session.checked-in`, … (the event's type without `chairside.` and version). */
  name: string;
  locationId: string;
  appointmentId: string;
  occurredAt: string;
  /** For a booking or a reschedule: what a new bar needs until the board is read again. */
  bar?: {
    patientId: string;
    therapyCode: string;
    /** A therapy the organisation defined (therapyCode is then the built-in it is counted as). */
    therapyId?: string;
    chairId: string;
    nurseId: string;
    startsAt: string;
    endsAt: string;
  };
  /**
   * For a session step the board can take as it is (the status it leads to, a flag it raises, a
   * new projected end): the screen changes the bar from the event instead of reading the board again.
   * `plannedStartsAt` places the session on its day when the event names it.
   */
  session?: { status?: string; flag?: string; projectedEndsAt?: string; plannedStartsAt?: string };
  /** Scheduling's echo of a session step (arrived, arrival undone, fulfilled): the session's own event changes the bar. */
  echo?: true;
}

/** The status a session step leads to (sessions' state machine); steps not named leave the status as it was. */
const STATUS_AFTER: Record<string, string> = {
  'sessions.session.checked-in': 'arrived',
  'sessions.session.seated': 'in_chair',
  'sessions.infusion.started': 'infusing',
  'sessions.infusion.paused': 'paused',
  'sessions.infusion.resumed': 'infusing',
  'sessions.infusion.completed': 'observation',
  'sessions.infusion.stopped-early': 'stopped',
  'sessions.session.discharged': 'discharged',
};
/** The board flag a session event raises. */
const FLAG_RAISED: Record<string, string> = {
  'sessions.reaction.recorded': 'reaction',
  // Sessions publishes it beside reaction.recorded (which raises 'reaction'), as its board does.
  'sessions.reaction.severe': 'severe-reaction',
  'sessions.vitals.overdue': 'vitals-overdue',
};
const ECHOES = new Set([
  'scheduling.appointment.arrived',
  'scheduling.appointment.arrival-undone',
  'scheduling.appointment.fulfilled',
]);

const TOPICS = [Topics.schedulingAppointments.name, Topics.sessions.name];

/**
 * How long after scheduling's event of a location (a booking, a cancellation, a move) the services'
 * boards may still not show it: sessions builds its board from the same event, which it consumes on
 * its own. Until then a board read may have missed what the event said, so positions do not match.
 */
export const SERVICES_CATCH_UP_MS = 5_000;
/**
 * How long after the consumer joins its group (or rejoins it) positions do not match: the group
 * starts at the topics' latest offsets, and an event produced while those are being fetched is
 * neither counted nor streamed.
 */
export const JOIN_SETTLE_MS = 5_000;

/**
 * How many events of each location this process has received since its consumer last joined its
 * group, as a position `<epoch>:<count>`. A board read that began at the position a stream began at
 * saw every event the stream did not: nothing of the location arrived between the two, so the
 * browser need not read the board again when the stream connects. A position that cannot promise
 * that never matches (a random tail): while the consumer is not receiving (before it joins, after a
 * crash, within JOIN_SETTLE_MS of a join) and within SERVICES_CATCH_UP_MS of a scheduling event of
 * the location. A new epoch at every join (and every process) makes positions of before a gap never
 * match.
 */
export class ReceivedEvents {
  private epoch = randomUUID();
  private readonly counts = new Map<string, number>();
  private readonly unsettledUntil = new Map<string, number>();
  /** When the consumer's first fetch after its (re)join came back; undefined while it is not receiving. */
  private receivingSince: number | undefined;
  private awaitingFetch = false;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The consumer joined its group: counting starts again, in a new epoch (events may have been
   * missed while away). It receives from its first fetch after the join: a new group looks up the
   * topics' latest offsets only then.
   */
  joined(): void {
    this.epoch = randomUUID();
    this.counts.clear();
    this.unsettledUntil.clear();
    this.receivingSince = undefined;
    this.awaitingFetch = true;
  }

  /** A fetch came back: the first after a join starts the settling time (JOIN_SETTLE_MS), and says so. */
  fetched(): boolean {
    if (!this.awaitingFetch) return false;
    this.awaitingFetch = false;
    this.receivingSince = this.now();
    return true;
  }

  /** The consumer crashed, disconnected or has not joined yet: no position matches until it joins again. */
  notReceiving(): void {
    this.receivingSince = undefined;
    this.awaitingFetch = false;
  }

  /** An event of the location arrived; `settlesInMs`: how long the services' boards may take to show it. */
  received(locationId: string, settlesInMs = 0): void {
    this.counts.set(locationId, (this.counts.get(locationId) ?? 0) + 1);
    if (settlesInMs > 0)
      this.unsettledUntil.set(locationId, Math.max(this.unsettledUntil.get(locationId) ?? 0, this.now() + settlesInMs));
  }

  position(locationId: string): string {
    const now = this.now();
    const position = `${this.epoch}:${this.counts.get(locationId) ?? 0}`;
    const until = this.unsettledUntil.get(locationId);
    // Expired windows go: the map holds only the locations with a scheduling event in the last few seconds.
    if (until !== undefined && now >= until) this.unsettledUntil.delete(locationId);
    const settled =
      this.receivingSince !== undefined && now - this.receivingSince >= JOIN_SETTLE_MS && (until === undefined || now >= until);
    return settled ? position : `${position}:unsettled:${randomUUID()}`;
  }
}

/**
 * Whether the hub receives every event now: `paused` when its consumer stops receiving (a crash, a
 * lost broker, a rebalance), `resumed` JOIN_SETTLE_MS after the first fetch of a (re)join, when
 * positions can match again. Open streams pass both on: what went by in between is read from the board.
 */
export type ReceivingChange = 'paused' | 'resumed';

/** Says `paused` once per gap and `resumed` once a join has settled (see ReceivingChange). */
export class ReceivingWatch {
  private readonly said = new Subject<ReceivingChange>();
  /** Changes at every join and every stop: the settling timer of an earlier join does nothing. */
  private generation = 0;
  private resumed = false;
  private everResumed = false;
  private closed = false;

  get changes(): Observable<ReceivingChange> {
    return this.said.asObservable();
  }

  /** Receiving every event since a join that has settled. */
  get isReceiving(): boolean {
    return this.resumed;
  }

  /** In a gap: it received before and does not now (not the process's own start, before its first join settles). */
  get isPaused(): boolean {
    return this.everResumed && !this.resumed;
  }

  /** A (re)join: a new epoch, so a rejoin without a stop before it (kafkajs rejoins on an unknown member id) is a gap too. */
  joined(): void {
    this.stopped();
  }

  /** The first fetch after a join: receiving again, settled JOIN_SETTLE_MS later unless anything happens meanwhile. */
  firstFetch(): void {
    const generation = this.generation;
    setTimeout(() => {
      if (generation !== this.generation || this.closed) return;
      this.resumed = true;
      this.everResumed = true;
      this.said.next('resumed');
      // A millisecond past the settling time: a timer may fire a little early on the clock position() reads.
    }, JOIN_SETTLE_MS + 1).unref();
  }

  /** A crash, a lost broker, a rebalance, a failed start. */
  stopped(): void {
    this.generation++;
    if (!this.resumed) return;
    this.resumed = false;
    this.said.next('paused');
  }

  close(): void {
    this.closed = true;
    this.generation++;
    this.said.complete();
  }
}

/**
 * Reads the appointment and session topics from now on (a consumer group of its own per process,
 * so every instance sees every event) and hands each event, reduced to a LiveEvent, to the open
 * streams. No event is stored, only a count per location (ReceivedEvents): a browser that
 * reconnects reads the board again unless nothing of its location arrived meanwhile, and an open
 * stream is told when the hub itself had a gap (`receivingChanges`), so its board is read again too.
 */
@Injectable()
export class LiveHub implements OnModuleInit, OnModuleDestroy {
  private readonly events = new Subject<LiveEvent>();
  private readonly received = new ReceivedEvents();
  private readonly receiving = new ReceivingWatch();
  private consumer: Consumer | undefined;
  private stopped = false;
  private connected = false;

  constructor(
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  get stream(): Observable<LiveEvent> {
    return this.events.asObservable();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  get receivingChanges(): Observable<ReceivingChange> {
    return this.receiving.changes;
  }

  /** Whether its consumer's join has settled: a board read now carries a position a stream can match. */
  get isReceiving(): boolean {
    return this.receiving.isReceiving;
  }

  /** Whether the hub is in a gap now (a stream opened meanwhile is told so at once). */
  get isPaused(): boolean {
    return this.receiving.isPaused;
  }

  /** Where the location's events stand in this process now (see ReceivedEvents). */
  position(locationId: string): string {
    return this.received.position(locationId);
  }

  onModuleInit(): void {
    void this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.receiving.close();
    await this.consumer?.disconnect().catch(() => undefined);
    this.events.complete();
  }

  private async connect(): Promise<void> {
    const env = { KAFKA_TOPIC_PREFIX: this.config.KAFKA_TOPIC_PREFIX };
    while (!this.stopped) {
      const kafka = createKafkaClient({ ...kafkaConnection(this.config), clientId: 'chairside-console', logger: this.logger });
      const consumer = kafka.consumer({ groupId: `chairside-console-${hostname()}-${randomUUID()}`, sessionTimeout: 30_000 });
      this.consumer = consumer;
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: TOPICS.map((t) => physicalTopic(t, env)), fromBeginning: false });
        const schedulingTopic = physicalTopic(Topics.schedulingAppointments.name, env);
        const notReceiving = () => {
          this.connected = false;
          this.received.notReceiving();
          this.receiving.stopped();
        };
        consumer.on(consumer.events.GROUP_JOIN, () => {
          this.connected = true;
          this.received.joined();
          this.receiving.joined();
        });
        consumer.on(consumer.events.FETCH, () => {
          if (this.received.fetched()) this.receiving.firstFetch();
        });
        // A rebalance is not a lost connection (readiness stays), but events may go by unseen until the rejoin.
        consumer.on(consumer.events.REBALANCING, () => {
          this.received.notReceiving();
          this.receiving.stopped();
        });
        consumer.on(consumer.events.DISCONNECT, notReceiving);
        // Before run(): a first join that fails crashes inside it.
        consumer.on(consumer.events.CRASH, (e) => {
          notReceiving();
          // A coordinator still loading is a broker's normal first minute (see isCoordinatorStarting).
          if (isCoordinatorStarting(e.payload.error))
            this.logger.info({ err: e.payload.error }, 'live updates: group coordinator loading; reconnecting');
          else this.logger.warn({ err: e.payload.error }, 'live updates: consumer crashed; reconnecting');
          if (!e.payload.restart) void consumer.disconnect().finally(() => void this.connect());
        });
        await consumer.run({
          eachMessage: async ({ topic, message }) => {
            const event = toLiveEvent(message.value);
            if (!event) return;
            // Scheduling's own events (not its echoes of sessions' steps) reach sessions' board only once sessions consumes them too.
            this.received.received(event.locationId, topic === schedulingTopic && !event.echo ? SERVICES_CATCH_UP_MS : 0);
            this.events.next(event);
          },
        });
        return;
      } catch (error) {
        // The topics may not exist yet (the services create them when they start).
        this.connected = false;
        this.received.notReceiving();
        this.receiving.stopped();
        this.logger.warn({ error: (error as Error).message }, 'live updates: Kafka not ready; trying again in 5 s');
        await consumer.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
  }
}

/** The CloudEvent reduced to what a screen may learn; undefined for anything else. */
export function toLiveEvent(value: Buffer | null): LiveEvent | undefined {
  if (!value) return undefined;
  let event: { type?: unknown; locationid?: unknown; time?: unknown; data?: Record<string, unknown> };
  try {
    event = JSON.parse(value.toString('utf8')) as typeof event;
  } catch {
    return undefined;
  }
  const data = event.data ?? {};
  const type = typeof event.type === 'string' ? event.type : '';
  const name = type.replace(/^chairside\./, '').replace(/\.v\d+$/, '');
  const locationId = typeof event.locationid === 'string' ? event.locationid : data.locationId;
  const appointmentId = data.appointmentId;
  if (typeof locationId !== 'string' || typeof appointmentId !== 'string' || !name) return undefined;
  const live: LiveEvent = {
    name,
    locationId,
    appointmentId,
    occurredAt: typeof event.time === 'string' ? event.time : new Date().toISOString(),
  };
  if (name === 'scheduling.appointment.booked' || name === 'scheduling.appointment.rescheduled') {
    const bar = {
      patientId: data.patientId,
      therapyCode: data.therapyCode,
      chairId: data.chairId,
      nurseId: data.nurseId,
      startsAt: data.startsAt,
      endsAt: data.endsAt,
    };
    if (Object.values(bar).every((v) => typeof v === 'string')) {
      live.bar = bar as NonNullable<LiveEvent['bar']>;
      const own = (data.therapy as { therapyId?: unknown } | undefined)?.therapyId;
      if (typeof own === 'string') live.bar.therapyId = own;
    }
  }
  if (ECHOES.has(name)) live.echo = true;
  const session = sessionChange(name, data);
  if (session) live.session = session;
  return live;
}

/**
 * What a session event changes on its bar, when the event alone says it: the status (from the step,
 * or as sessions reports it after a step entered in error), a flag, a projected end. Undefined for a
 * step whose effect on the bar needs the session's whole state (drug ready, access, rate): the
 * screen reads the board again for those.
 */
function sessionChange(name: string, data: Record<string, unknown>): LiveEvent['session'] {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const status = STATUS_AFTER[name] ?? (name === 'sessions.session.step-entered-in-error' ? text(data.sessionStatus) : undefined);
  const flag = FLAG_RAISED[name];
  const projectedEndsAt = name === 'sessions.session.overrun-projected' ? text(data.projectedEndsAt) : undefined;
  if (!status && !flag && !projectedEndsAt) return undefined;
  const change: NonNullable<LiveEvent['session']> = {};
  if (status) change.status = status;
  if (flag) change.flag = flag;
  if (projectedEndsAt) change.projectedEndsAt = projectedEndsAt;
  const plannedStartsAt = text(data.plannedStartsAt);
  if (plannedStartsAt) change.plannedStartsAt = plannedStartsAt;
  return change;
}
