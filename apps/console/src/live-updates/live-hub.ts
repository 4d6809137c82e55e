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
 * How many events of each location this process has received since its consumer last connected,
 * as a position `<epoch>:<count>`. A board read that began at the position a stream began at saw
 * every event the stream did not: nothing of the location arrived between the two, so the browser
 * need not read the board again when the stream connects. A new epoch at every connection (and
 * every process) makes positions of before a gap never match.
 */
export class ReceivedEvents {
  private epoch = randomUUID();
  private readonly counts = new Map<string, number>();

  /** A new connection: events may have been missed while away, so no earlier position matches. */
  restart(): void {
    this.epoch = randomUUID();
    this.counts.clear();
  }

  received(locationId: string): void {
    this.counts.set(locationId, (this.counts.get(locationId) ?? 0) + 1);
  }

  position(locationId: string): string {
    return `${this.epoch}:${this.counts.get(locationId) ?? 0}`;
  }
}

/**
 * Reads the appointment and session topics from now on (a consumer group of its own per process,
 * so every instance sees every event) and hands each event, reduced to a LiveEvent, to the open
 * streams. Nothing is stored: a browser that reconnects reads the board again.
 */
@Injectable()
export class LiveHub implements OnModuleInit, OnModuleDestroy {
  private readonly events = new Subject<LiveEvent>();
  private readonly received = new ReceivedEvents();
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

  /** Where the location's events stand in this process now (see ReceivedEvents). */
  position(locationId: string): string {
    return this.received.position(locationId);
  }

  onModuleInit(): void {
    void this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
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
        this.received.restart();
        await consumer.run({
          eachMessage: async ({ message }) => {
            const event = toLiveEvent(message.value);
            if (!event) return;
            this.received.received(event.locationId);
            this.events.next(event);
          },
        });
        this.connected = true;
        consumer.on(consumer.events.CRASH, (e) => {
          this.connected = false;
          // A coordinator still loading is a broker's normal first minute (see isCoordinatorStarting).
          if (isCoordinatorStarting(e.payload.error))
            this.logger.info({ err: e.payload.error }, 'live updates: group coordinator loading; reconnecting');
          else this.logger.warn({ err: e.payload.error }, 'live updates: consumer crashed; reconnecting');
          if (!e.payload.restart) void consumer.disconnect().finally(() => void this.connect());
        });
        return;
      } catch (error) {
        // The topics may not exist yet (the services create them when they start).
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
