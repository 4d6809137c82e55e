import {
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentConfirmedV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  buildEvent,
  ChairAddedV1,
  type CloudEvent,
  type EventDefinition,
  InfusionCompletedV1,
  InfusionStartedV1,
  type InputOf,
  LocationHoursSetV1,
  LocationRegisteredV1,
  NotificationDeliveredV1,
  NotificationFailedV1,
  NotificationSentV1,
  NotificationSuppressedV1,
  ReactionRecordedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionDrugReadyV1,
  SessionSeatedV1,
} from '@chairside/contracts';
import {
  call,
  type ServiceProcess,
  TEST_ORGANISATION_ID,
  testKafka,
  testRunId,
  testTopic,
  type TestDatabase,
  tokenFor,
  useOwnTopics,
  waitFor,
  startOnOwnDatabase,
  startServiceProcess,
  freePort,
  stopAndDrop,
} from '@chairside/testing';
import { reportingDataSourceOptions } from '../src/database/data-source.js';
import { rebuild } from '../src/cli/rebuild.js';
import { dumpReadModels } from './builders/read-models.js';
import { DAY, MINUTE } from '@chairside/domain';

/*
 * The oracle: a seeded month at three centers in three zones (two of them change clocks in it),
 * and a year in which all three do (Sydney, in the southern hemisphere, in April and October),
 * sent as the services would publish it. Every KPI the API returns is recomputed here from the
 * raw events with code of its own: local dates through Intl rather than luxon, open time and
 * peaks by walking the minutes, percentiles by PostgreSQL's percentile_cont.
 */

/** The local dates a scenario covers (the same in every zone), and how busy its centers are. */
interface Period {
  from: string;
  to: string;
  dates: string[];
  /** The day after `to`. */
  next: string;
  /** Visits per opening window: a busy month, or a quiet year (fewer visits keep its run time short). */
  visitsPerWindow: (chairs: number) => [number, number];
}
function period(from: string, days: number, visitsPerWindow: Period['visitsPerWindow']): Period {
  const all = Array.from({ length: days + 1 }, (_, i) =>
    new Date(Date.parse(`${from}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10),
  );
  return { from, to: all[days - 1]!, dates: all.slice(0, days), next: all[days]!, visitsPerWindow };
}
/** March 2027: New York and London change clocks in it. */
const MONTH = period('2027-03-01', 31, (chairs) => [4, chairs + 6]);
/**
 * All of 2027: clocks change twice in each zone, New York (14 March, 7 November), London (28 March,
 * 31 October) and Sydney, the other way round (back on 4 April, forward on 3 October).
 */
const YEAR = period('2027-01-01', 365, () => [0, 2]);

/** mulberry32: small, seeded, the same sequence everywhere. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uuid = () =>
    'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) =>
      (ch === 'x' ? Math.floor(next() * 16) : 8 + Math.floor(next() * 4)).toString(16),
    );
  return {
    next,
    uuid,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

// ---- independent time arithmetic (Intl, not luxon) ----
const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(instant: number, zone: string): { date: string; time: string } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  // Called a few million times for a year (open minutes are counted minute by minute): a plain loop, no intermediate arrays.
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of f.formatToParts(new Date(instant))) parts[part.type] = part.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
/** The instant a local wall-clock time happens (the earlier one if twice), found by search around the UTC guess. */
function instantOf(date: string, time: string, zone: string): number {
  const guess = Date.parse(`${date}T${time}:00Z`);
  for (let offset = -14 * 60; offset <= 14 * 60; offset += 15) {
    const t = guess - offset * MINUTE;
    const w = wallClock(t, zone);
    if (w.date === date && w.time === time) return t;
  }
  throw new Error(`no ${date} ${time} in ${zone}`);
}
const isoWeekday = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

interface Center {
  locationId: string;
  zone: string;
  chairs: string[];
  nurses: string[];
  weeklyHours: Record<string, Array<{ opens: string; closes: string }>>;
  closedDates: string[];
}

const THERAPIES = ['immune_globulin', 'iron', 'chemotherapy', 'biologics', 'hydration'] as const;

/** The period's events, in the order the services would publish them. */
function simulate(
  seed: number,
  p: Period,
): {
  centers: Center[];
  events: Array<{ definition: EventDefinition; key: string; event: CloudEvent<unknown> }>;
} {
  const r = random(seed);
  const weekdays = (opens: string, closes: string, days = ['1', '2', '3', '4', '5']) =>
    Object.fromEntries(days.map((d) => [d, [{ opens, closes }]]));
  const centers: Center[] = [
    // Clocks go forward on 14 March; open on Sundays, across the change.
    {
      locationId: r.uuid(),
      zone: 'America/New_York',
      chairs: [],
      nurses: [],
      weeklyHours: {
        ...weekdays('08:00', '18:00'),
        '7': [
          { opens: '00:00', closes: '06:00' },
          { opens: '09:00', closes: '13:00' },
        ],
      },
      closedDates: ['2027-03-17'],
    },
    // Clocks go forward on 28 March; a split day on Wednesdays.
    {
      locationId: r.uuid(),
      zone: 'Europe/London',
      chairs: [],
      nurses: [],
      weeklyHours: {
        ...weekdays('07:30', '17:30', ['1', '2', '4', '5']),
        '3': [
          { opens: '07:30', closes: '12:00' },
          { opens: '13:00', closes: '17:00' },
        ],
      },
      closedDates: [],
    },
    // Southern hemisphere, ten or eleven hours ahead of UTC: local days start the evening before in
    // UTC; in March it keeps summer time, clocks go back on 4 April and forward on 3 October.
    {
      locationId: r.uuid(),
      zone: 'Australia/Sydney',
      chairs: [],
      nurses: [],
      weeklyHours: weekdays('09:00', '19:00', ['1', '2', '3', '4', '5', '6']),
      closedDates: ['2027-03-22'],
    },
  ];
  const events: Array<{ definition: EventDefinition; key: string; event: CloudEvent<unknown> }> = [];
  const sequences = new Map<string, number>();
  const emit = <D extends EventDefinition>(definition: D, key: string, locationId: string, data: InputOf<D>) => {
    const sequence = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, sequence);
    events.push({
      definition,
      key,
      event: buildEvent(definition, data, {
        aggregateId: key,
        aggregateSequence: sequence,
        correlationId: r.uuid(),
        locationId,
      }) as CloudEvent<unknown>,
    });
  };
  const iso = (t: number) => new Date(t).toISOString();

  centers.forEach((c, n) => {
    emit(LocationRegisteredV1, c.locationId, c.locationId, {
      locationId: c.locationId,
      organisationId: TEST_ORGANISATION_ID,
      name: `Oracle ${n + 1}`,
      timeZone: c.zone,
    });
    emit(LocationHoursSetV1, c.locationId, c.locationId, {
      locationId: c.locationId,
      weeklyHours: c.weeklyHours,
      closedDates: c.closedDates,
    });
    for (let i = 0; i < [6, 5, 4][n]!; i++) {
      const chairId = r.uuid();
      c.chairs.push(chairId);
      emit(ChairAddedV1, chairId, c.locationId, { chairId, locationId: c.locationId, label: `Chair ${i + 1}`, kind: 'recliner' });
    }
    c.nurses.push(r.uuid(), r.uuid());
  });

  for (const c of centers) {
    for (const date of p.dates) {
      if (c.closedDates.includes(date)) continue;
      for (const window of c.weeklyHours[String(isoWeekday(date))] ?? []) {
        const opens = instantOf(date, window.opens, c.zone);
        // The wall-clock close, which on a clock-change night is not opens + its nominal length.
        const closes = window.closes === '24:00' ? opens : instantOf(date, window.closes, c.zone);
        const visits = r.int(...p.visitsPerWindow(c.chairs.length));
        for (let v = 0; v < visits; v++) {
          const therapyCode = r.pick(THERAPIES);
          const duration = r.pick([30, 60, 90, 120, 180]);
          const observation = r.pick([0, 30]);
          const slots = Math.floor((closes - opens) / MINUTE / 15) - Math.ceil((duration + observation) / 15);
          if (slots < 0) continue;
          let startsAt = opens + r.int(0, slots) * 15 * MINUTE;
          const appointmentId = r.uuid();
          const patientId = r.uuid();
          let chairId = r.pick(c.chairs);
          let nurseId = r.pick(c.nurses);
          const bookedAt = startsAt - Math.round(r.next() * 40 * DAY);
          const ref = () => ({ appointmentId, locationId: c.locationId, patientId, therapyCode, chairId, nurseId });
          const planned = () => ({
            ...ref(),
            chairKind: 'recliner' as const,
            startsAt: iso(startsAt),
            endsAt: iso(startsAt + (duration + observation) * MINUTE),
            chairReleasedAt: iso(startsAt + (duration + observation + 15) * MINUTE),
            timeZone: c.zone,
            localStart: 'n/a',
            localEnd: 'n/a',
            durationMinutes: duration,
            observationMinutes: observation,
          });
          const local = (t: number) => `${wallClock(t, c.zone).date}T${wallClock(t, c.zone).time}:00`;
          const booked = planned();
          emit(AppointmentBookedV1, appointmentId, c.locationId, {
            ...booked,
            localStart: local(startsAt),
            localEnd: local(startsAt + (duration + observation) * MINUTE),
            bookedAt: iso(bookedAt),
          });
          if (r.chance(0.08) && startsAt - 15 * MINUTE >= opens) {
            // Moved a quarter of an hour earlier, possibly to another chair and nurse.
            const previous = planned();
            startsAt -= 15 * MINUTE;
            chairId = r.pick(c.chairs);
            nurseId = r.pick(c.nurses);
            const moved = planned();
            emit(AppointmentRescheduledV1, appointmentId, c.locationId, {
              ...moved,
              localStart: local(startsAt),
              localEnd: local(startsAt + (duration + observation) * MINUTE),
              previousStartsAt: previous.startsAt,
              previousEndsAt: previous.endsAt,
              previousChairId: previous.chairId,
              previousNurseId: previous.nurseId,
              rescheduledAt: iso(bookedAt + MINUTE),
            });
          }
          const refAt = {
            ...ref(),
            startsAt: iso(startsAt),
            endsAt: iso(startsAt + (duration + observation) * MINUTE),
            timeZone: c.zone,
            localStart: local(startsAt),
          };
          const messageId = r.uuid();
          const message = {
            messageId,
            appointmentId,
            patientId,
            locationId: c.locationId,
            kind: 'reminder' as const,
            channel: r.pick(['email', 'sms'] as const),
            occurrence: iso(startsAt),
            offsetHours: 24,
          };
          const reminder = r.next();
          if (reminder < 0.55) {
            emit(NotificationSentV1, messageId, c.locationId, {
              ...message,
              sentAt: iso(startsAt - DAY),
              attempts: 1,
              fallback: false,
            });
            if (r.chance(0.8))
              emit(NotificationDeliveredV1, messageId, c.locationId, {
                ...message,
                deliveredAt: iso(startsAt - DAY + r.int(1, 30) * MINUTE),
              });
          } else if (reminder < 0.7) {
            emit(NotificationFailedV1, messageId, c.locationId, {
              ...message,
              failedAt: iso(startsAt - DAY + 5 * MINUTE),
              attempts: 5,
              error: 'mailbox unavailable',
            });
          } else if (reminder < 0.8) {
            emit(NotificationSuppressedV1, messageId, c.locationId, {
              ...message,
              reason: 'quiet-hours',
              suppressedAt: iso(startsAt - DAY),
            });
          }
          if (r.chance(0.55))
            emit(AppointmentConfirmedV1, appointmentId, c.locationId, {
              ...refAt,
              confirmedAt: iso(startsAt - r.int(2, 40) * 60 * MINUTE),
              via: 'patient_reply',
            });
          const fate = r.next();
          if (fate < 0.07) {
            const late = r.chance(0.5);
            emit(AppointmentCancelledV1, appointmentId, c.locationId, {
              ...refAt,
              reason: 'patient_request',
              cancelledAt: iso(startsAt - (late ? 3 : 72) * 60 * MINUTE),
              lateCancellation: late,
            });
            continue;
          }
          if (fate < 0.12) {
            emit(AppointmentNoShowV1, appointmentId, c.locationId, { ...refAt, markedAt: iso(startsAt + 30 * MINUTE) });
            continue;
          }
          if (fate < 0.14) continue; // booked, never seen (no session events yet)
          const step = (at: number) => ({ ...ref(), actorId: 'oracle-nurse', occurredAt: iso(at) });
          const checkedIn = startsAt + r.int(-20, 25) * MINUTE;
          const seated = checkedIn + r.int(0, 30) * MINUTE;
          const drugReady = seated + r.int(0, 45) * MINUTE;
          const started = drugReady + r.int(0, 10) * MINUTE;
          const infusing = Math.round(duration * (0.9 + r.next() * 0.3));
          const completed = started + infusing * MINUTE;
          const discharged = completed + (observation + r.int(0, 10)) * MINUTE;
          emit(SessionCheckedInV1, appointmentId, c.locationId, {
            ...step(checkedIn),
            plannedStartsAt: iso(startsAt),
            lateMinutes: Math.round((checkedIn - startsAt) / MINUTE),
          });
          emit(SessionSeatedV1, appointmentId, c.locationId, step(seated));
          emit(SessionDrugReadyV1, appointmentId, c.locationId, step(drugReady));
          emit(InfusionStartedV1, appointmentId, c.locationId, { ...step(started), plannedStartsAt: iso(startsAt) });
          if (r.chance(0.1)) {
            const grade = r.pick([1, 1, 2, 2, 3, 4]);
            emit(ReactionRecordedV1, appointmentId, c.locationId, {
              ...step(started + 10 * MINUTE),
              reactionId: r.uuid(),
              kind: grade >= 3 ? 'infusion_reaction' : 'nausea',
              ctcaeGrade: grade,
              actions: ['paused'],
              outcome: 'resolved',
              protocolAction: grade >= 3 ? 'stop' : 'pause-then-restart-at-50-percent',
            });
          }
          emit(InfusionCompletedV1, appointmentId, c.locationId, {
            ...step(completed),
            infusingMinutes: infusing,
            plannedDurationMinutes: duration,
          });
          emit(SessionDischargedV1, appointmentId, c.locationId, {
            ...step(discharged),
            plannedEndsAt: refAt.endsAt,
            actualEndsAt: iso(discharged),
            mayDrive: true,
            escortRequired: false,
            stoppedEarly: false,
          });
        }
      }
    }
  }
  return { centers, events };
}

// ---- the oracle: the report recomputed from the raw events ----
interface Folded {
  appointmentId: string;
  locationId: string;
  therapyCode: string;
  nurseId: string;
  startsAt: number;
  endsAt: number;
  duration: number;
  bookedAt: number;
  status: 'booked' | 'cancelled' | 'noshow' | 'fulfilled';
  late: boolean;
  confirmed: boolean;
  moments: Record<string, number>;
  infusingMinutes: number | null;
  remindersSent: number;
}

type Data = Record<string, unknown> & { appointmentId: string; locationId: string };

async function oracle(db: TestDatabase, centers: Center[], raw: Array<CloudEvent<unknown>>, p: Period) {
  const visits = new Map<string, Folded>();
  const messages = new Map<string, { status: string; at: number; appointmentId: string; locationId: string; kind: string }>();
  const reactions: Array<{ locationId: string; therapyCode: string; grade: number; at: number }> = [];
  const order = ['suppressed', 'failed', 'sent', 'delivered'];
  for (const e of raw) {
    const d = e.data as Data;
    const t = (k: string) => Date.parse(d[k] as string);
    const kind = e.type.split('.').slice(1, -1).join('.');
    const v = visits.get(d.appointmentId);
    switch (kind) {
      case 'scheduling.appointment.booked':
        visits.set(d.appointmentId, {
          appointmentId: d.appointmentId,
          locationId: d.locationId,
          therapyCode: d.therapyCode as string,
          nurseId: d.nurseId as string,
          startsAt: t('startsAt'),
          endsAt: t('endsAt'),
          duration: d.durationMinutes as number,
          bookedAt: t('bookedAt'),
          status: 'booked',
          late: false,
          confirmed: false,
          moments: {},
          infusingMinutes: null,
          remindersSent: 0,
        });
        break;
      case 'scheduling.appointment.rescheduled':
        Object.assign(v!, { startsAt: t('startsAt'), endsAt: t('endsAt'), nurseId: d.nurseId, duration: d.durationMinutes });
        break;
      case 'scheduling.appointment.cancelled':
        Object.assign(v!, { status: 'cancelled', late: d.lateCancellation });
        break;
      case 'scheduling.appointment.no-show':
        v!.status = 'noshow';
        break;
      case 'scheduling.appointment.confirmed':
        v!.confirmed = true;
        break;
      case 'sessions.reaction.recorded':
        reactions.push({
          locationId: d.locationId,
          therapyCode: d.therapyCode as string,
          grade: d.ctcaeGrade as number,
          at: t('occurredAt'),
        });
        break;
      case 'notifications.message.sent':
      case 'notifications.message.delivered':
      case 'notifications.message.failed':
      case 'notifications.message.suppressed': {
        const status = kind.split('.').at(-1)!;
        const at = t(`${status}At`);
        const before = messages.get(d.messageId as string);
        if (!before || order.indexOf(status) > order.indexOf(before.status))
          messages.set(d.messageId as string, {
            status,
            at,
            appointmentId: d.appointmentId,
            locationId: d.locationId,
            kind: d.kind as string,
          });
        break;
      }
      default:
        if (kind.startsWith('sessions.')) {
          v!.moments[kind] = kind === 'sessions.session.discharged' ? t('actualEndsAt') : t('occurredAt');
          if (kind === 'sessions.infusion.completed') v!.infusingMinutes = d.infusingMinutes as number;
          if (kind === 'sessions.session.discharged') v!.status = 'fulfilled';
        }
    }
  }
  for (const m of messages.values())
    if (m.kind === 'reminder' && (m.status === 'sent' || m.status === 'delivered')) visits.get(m.appointmentId)!.remindersSent++;

  const zoneOf = new Map(centers.map((c) => [c.locationId, c.zone]));
  const localDay = (locationId: string, t: number) => wallClock(t, zoneOf.get(locationId)!).date;
  const inMonth = (locationId: string, t: number) => localDay(locationId, t) >= p.from && localDay(locationId, t) <= p.to;
  const all = [...visits.values()].filter((v) => inMonth(v.locationId, v.startsAt));

  /**
   * Open minutes of a local date, counted minute by minute on the wall clock: every minute from the
   * date's first (its midnight, as the heatmap finds it) through the next 26 hours, so the longest
   * day (25 hours) is inside; the minutes outside it show another date and count nothing.
   */
  const openMinutesOf = (c: Center, date: string) => {
    if (c.closedDates.includes(date)) return 0;
    const windows = c.weeklyHours[String(isoWeekday(date))] ?? [];
    let minutes = 0;
    const first = instantOf(date, '00:00', c.zone);
    for (let t = first; t < first + 26 * 60 * MINUTE; t += MINUTE) {
      const w = wallClock(t, c.zone);
      if (w.date === date && windows.some((h) => w.time >= h.opens && w.time < h.closes)) minutes++;
    }
    return minutes;
  };
  const pct = async (values: number[]) => {
    if (!values.length) return { n: 0, p50: null, p90: null };
    const [row] = await db.query<{ p50: number; p90: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY x) AS p90 FROM unnest($1::float8[]) AS x`,
      [values],
    );
    return { n: values.length, p50: Number(row!.p50), p90: Number(row!.p90) };
  };
  const div = (a: number, b: number) => (b > 0 ? a / b : null);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  const gap = (v: Folded, a: string, b: string) =>
    v.moments[a] !== undefined && v.moments[b] !== undefined ? (v.moments[b]! - v.moments[a]!) / MINUTE : undefined;
  const kpis = async (vs: Folded[], open: number, chairDays: number) => {
    const held = vs.filter((v) => v.status !== 'cancelled');
    let planned = 0;
    for (const v of held) planned += (v.endsAt - v.startsAt) / MINUTE;
    let used = 0;
    for (const v of vs)
      if (v.moments['sessions.session.seated'] !== undefined && v.moments['sessions.session.discharged'] !== undefined)
        used += (v.moments['sessions.session.discharged']! - v.moments['sessions.session.seated']!) / MINUTE;
    const started = vs.filter((v) => v.moments['sessions.infusion.started'] !== undefined);
    const late = vs.filter((v) => v.status === 'cancelled' && v.late).length;
    const noShows = vs.filter((v) => v.status === 'noshow').length;
    const waits = (a: string, b: string) => pct(vs.map((v) => gap(v, a, b)).filter((x): x is number => x !== undefined));
    return {
      openChairMinutes: open,
      scheduledUtilization: div(planned, open),
      actualUtilization: div(used, open),
      visits: vs.length,
      infusions: started.length,
      infusionsPerChair: div(started.length, chairDays),
      noShows,
      noShowRate: div(noShows, held.length),
      lateCancellations: late,
      lateCancellationRate: div(late, vs.length),
      onTimeStartRate: div(
        started.filter((v) => v.moments['sessions.infusion.started']! - v.startsAt <= 15 * MINUTE).length,
        started.length,
      ),
      waits: {
        checkInToChair: await waits('sessions.session.checked-in', 'sessions.session.seated'),
        chairToDrugReady: await waits('sessions.session.seated', 'sessions.session.drug-ready'),
        drugReadyToStart: await waits('sessions.session.drug-ready', 'sessions.infusion.started'),
      },
      plannedMinutesMean: avg(started.map((v) => v.duration)),
      actualInfusingMinutesMean: avg(vs.filter((v) => v.infusingMinutes !== null).map((v) => v.infusingMinutes!)),
      confirmationRate: div(held.filter((v) => v.confirmed).length, held.length),
    };
  };
  const therapies = async (vs: Folded[], open: number, chairDays: number) => {
    const out = [];
    for (const code of [...new Set(vs.map((v) => v.therapyCode))].sort())
      out.push({
        therapyCode: code,
        ...(await kpis(
          vs.filter((v) => v.therapyCode === code),
          open,
          chairDays,
        )),
      });
    return out;
  };
  /** Peak concurrency in an hour by looking at every minute in it (all times here are whole minutes). */
  const peak = (stays: Array<[number, number]>, from: number) => {
    let most = 0;
    for (let t = from; t < from + 60 * MINUTE; t += MINUTE)
      most = Math.max(most, stays.filter(([a, b]) => a <= t && t < b).length);
    return most;
  };

  const openOf = new Map<string, number>();
  const open = (c: Center, date: string) => {
    const key = `${c.locationId}/${date}`;
    if (!openOf.has(key)) openOf.set(key, openMinutesOf(c, date));
    return openOf.get(key)!;
  };
  const seatedToDischarged = (v: Folded): [number, number] | undefined =>
    v.moments['sessions.session.seated'] !== undefined && v.moments['sessions.session.discharged'] !== undefined
      ? [v.moments['sessions.session.seated']!, v.moments['sessions.session.discharged']!]
      : undefined;
  const locations = [];
  for (const c of centers) {
    const mine = all.filter((v) => v.locationId === c.locationId);
    // Each visit's local date, read once (not once per date of a year).
    const byDay = new Map<string, Folded[]>();
    for (const v of mine) {
      const day = localDay(c.locationId, v.startsAt);
      const listed = byDay.get(day);
      if (listed) listed.push(v);
      else byDay.set(day, [v]);
    }
    const days = [];
    const heatmap = [];
    for (const date of p.dates) {
      const today = byDay.get(date) ?? [];
      days.push({ locationId: c.locationId, date, ...(await kpis(today, open(c, date) * c.chairs.length, c.chairs.length)) });
      const hours = [];
      const start = instantOf(date, '00:00', c.zone);
      const end = instantOf(p.dates[p.dates.indexOf(date) + 1] ?? p.next, '00:00', c.zone);
      // Whatever overlaps the day, planned or actual.
      const touching = mine.filter((v) => v.startsAt < end + DAY && v.endsAt > start - DAY);
      const scheduled = touching.filter((v) => v.status !== 'cancelled').map((v): [number, number] => [v.startsAt, v.endsAt]);
      const actual = touching.flatMap((v) =>
        seatedToDischarged(v) ? [{ stay: seatedToDischarged(v)!, nurseId: v.nurseId }] : [],
      );
      for (let t = start; t < end; t += 60 * MINUTE) {
        const wall = wallClock(t, c.zone);
        const offsetMinutes = Math.round((Date.parse(`${wall.date}T${wall.time}:00Z`) - t) / MINUTE);
        const sign = offsetMinutes < 0 ? '-' : '+';
        hours.push({
          hour: wall.time,
          startsAt: new Date(t).toISOString(),
          utcOffset: `${sign}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`,
          scheduledChairsPeak: peak(scheduled, t),
          chairsInUsePeak: peak(
            actual.map((a) => a.stay),
            t,
          ),
          patientsPerNursePeak: Math.max(
            0,
            ...c.nurses.map((n) =>
              peak(
                actual.filter((a) => a.nurseId === n).map((a) => a.stay),
                t,
              ),
            ),
          ),
          infusionStarts: touching.filter(
            (v) =>
              v.moments['sessions.infusion.started'] !== undefined &&
              v.moments['sessions.infusion.started']! >= t &&
              v.moments['sessions.infusion.started']! < t + 60 * MINUTE,
          ).length,
        });
      }
      heatmap.push({ date, hours });
    }
    const openTotal = p.dates.reduce((s, d) => s + open(c, d) * c.chairs.length, 0);
    const chairDays = c.chairs.length * p.dates.length;
    locations.push({
      locationId: c.locationId,
      timeZone: c.zone,
      days,
      total: await kpis(mine, openTotal, chairDays),
      therapies: await therapies(mine, openTotal, chairDays),
      heatmap,
    });
  }
  const orgOpen = locations.reduce((s, l) => s + l.total.openChairMinutes, 0);
  const orgChairDays = centers.reduce((s, c) => s + c.chairs.length, 0) * p.dates.length;
  const held = all.filter((v) => v.status !== 'cancelled');
  const leadBuckets: Array<[string, number, number]> = [
    ['under 2 days', -Infinity, 2],
    ['2 to 7 days', 2, 7],
    ['7 to 28 days', 7, 28],
    ['28 days or more', 28, Infinity],
  ];
  const reported = [...messages.values()].filter((m) => inMonth(m.locationId, m.at));
  const countOf = (s: string) => reported.filter((m) => m.status === s).length;
  const reactionCounts = new Map<string, number>();
  for (const x of reactions.filter((x) => inMonth(x.locationId, x.at)))
    reactionCounts.set(`${x.therapyCode}/${x.grade}`, (reactionCounts.get(`${x.therapyCode}/${x.grade}`) ?? 0) + 1);
  const noShowShare = (vs: Folded[]) => ({
    visits: vs.length,
    noShowRate: div(vs.filter((v) => v.status === 'noshow').length, vs.length),
  });
  return {
    from: p.from,
    to: p.to,
    locations,
    organisation: { ...(await kpis(all, orgOpen, orgChairDays)), therapies: await therapies(all, orgOpen, orgChairDays) },
    noShowsByLeadTime: leadBuckets.map(([bucket, min, max]) => {
      const inBucket = held.filter((v) => (v.startsAt - v.bookedAt) / DAY >= min && (v.startsAt - v.bookedAt) / DAY < max);
      const noShows = inBucket.filter((v) => v.status === 'noshow').length;
      return { bucket, visits: inBucket.length, noShows, rate: div(noShows, inBucket.length) };
    }),
    reminderEffect: {
      withReminder: noShowShare(held.filter((v) => v.remindersSent > 0)),
      withoutReminder: noShowShare(held.filter((v) => v.remindersSent === 0)),
    },
    reactions: [...reactionCounts]
      .map(([k, count]) => ({ therapyCode: k.split('/')[0]!, grade: Number(k.split('/')[1]), count }))
      .sort((a, b) => (a.therapyCode < b.therapyCode ? -1 : a.therapyCode > b.therapyCode ? 1 : a.grade - b.grade)),
    notifications: {
      sent: countOf('sent'),
      delivered: countOf('delivered'),
      failed: countOf('failed'),
      suppressed: countOf('suppressed'),
      deliveryRate: div(countOf('sent') + countOf('delivered'), countOf('sent') + countOf('delivered') + countOf('failed')),
    },
  };
}

/** Paths where two JSON values differ, numbers compared to 1e-9 (sums in another order round differently). */
function differences(actual: unknown, expected: unknown, path = '$', out: string[] = []): string[] {
  if (out.length > 20) return out;
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected))) out.push(`${path}: ${actual} ≠ ${expected}`);
  } else if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length) out.push(`${path}: length ${actual.length} ≠ ${expected.length}`);
    else expected.forEach((e, i) => differences(actual[i], e, `${path}[${i}]`, out));
  } else if (expected && typeof expected === 'object' && actual && typeof actual === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys)
      differences((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else if (actual !== expected) out.push(`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
  return out;
}

describe('KPI oracle: three centers in three zones, every figure recomputed from the raw events', () => {
  const restoreTopics = useOwnTopics('reporting-oracle');
  afterAll(restoreTopics);
  const runId = testRunId('oracle');
  let db: TestDatabase;
  let reporting: ServiceProcess;

  beforeAll(async () => {
    ({ db, service: reporting } = await startOnOwnDatabase({
      service: 'reporting',
      runId,
      dataSourceOptions: reportingDataSourceOptions,
    }));
  });
  afterAll(() => stopAndDrop(reporting, db));
  /** Sends a period's events, asks for its report (with the heatmap) and compares it with the oracle's, figure for figure. */
  async function scenario(p: Period, seed: number, clockChanges: string[]) {
    const { centers, events } = simulate(seed, p);
    const producer = testKafka().producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      for (let i = 0; i < events.length; i += 1_000) {
        const byTopic = new Map<string, Array<{ key: string; value: string }>>();
        for (const e of events.slice(i, i + 1_000)) {
          const topic = testTopic(e.definition.topic.name);
          byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: e.key, value: JSON.stringify(e.event) }]);
        }
        await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      }
    } finally {
      await producer.disconnect();
    }
    // Counted by id: the shared test topics may still hold an earlier run's events, which a new group reads too.
    const ids = events.map((e) => e.event.id);
    await waitFor(
      async () =>
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1)', [ids]))[0]!.n ===
          ids.length || undefined,
      { what: `all ${events.length} events applied`, timeoutMs: 180_000 },
    );
    // The rollups follow the facts a round of KpiRefresher later.
    await waitFor(
      async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM kpi_stale_day'))[0]!.n === 0 || undefined,
      { what: 'every marked day recomputed', timeoutMs: 60_000 },
    );

    const response = await call('GET', `${reporting.url}/reports/kpis?from=${p.from}&to=${p.to}&include=heatmap`, {
      token: tokenFor(
        ['analyst'],
        centers.map((c) => c.locationId),
      ),
    });
    expect(response.status).toBe(200);
    const { freshAsOf, consumerLag, ...report } = response.body as Record<string, unknown> & {
      locations: Array<Record<string, unknown>>;
    };
    expect(typeof freshAsOf).toBe('string');
    expect(consumerLag).toMatchObject({ caughtUp: true });
    const expected = await oracle(
      db,
      centers,
      events.map((e) => e.event),
      p,
    );
    const actual = {
      ...report,
      locations: report.locations
        .map(({ name: _name, ...l }) => l)
        .sort(
          (a, b) =>
            centers.findIndex((c) => c.locationId === a.locationId) - centers.findIndex((c) => c.locationId === b.locationId),
        ),
    };
    expect(differences(actual, expected)).toEqual([]);
    // And the comparison itself can tell: one visit more, one hour's peak off.
    const hour = expected.locations[1]!.heatmap[9]!.hours[10]!;
    const tampered = { ...expected, organisation: { ...expected.organisation, visits: expected.organisation.visits + 1 } };
    tampered.locations = expected.locations.map((l, i) =>
      i === 1
        ? {
            ...l,
            heatmap: l.heatmap.map((d, j) =>
              j === 9
                ? { ...d, hours: d.hours.map((h) => (h === hour ? { ...h, chairsInUsePeak: h.chairsInUsePeak + 1 } : h)) }
                : d,
            ),
          }
        : l,
    );
    expect(differences(actual, tampered).sort()).toEqual(
      [
        `$.organisation.visits: ${expected.organisation.visits} ≠ ${expected.organisation.visits + 1}`,
        `$.locations[1].heatmap[9].hours[10].chairsInUsePeak: ${hour.chairsInUsePeak} ≠ ${hour.chairsInUsePeak + 1}`,
      ].sort(),
    );

    // The same figures as CSV: a row per location and day, per hour of the heatmap, per therapy.
    const token = tokenFor(
      ['analyst'],
      centers.map((c) => c.locationId),
    );
    const rows = async (view: string) =>
      String(
        (await call('GET', `${reporting.url}/reports/kpis?from=${p.from}&to=${p.to}&format=csv&view=${view}`, { token })).body,
      )
        .trim()
        .split('\r\n');
    expect(await rows('days')).toHaveLength(1 + 3 * p.dates.length);
    const hours = await rows('hours');
    expect(hours).toHaveLength(1 + expected.locations.flatMap((l) => l.heatmap.flatMap((d) => d.hours)).length);
    const peak = expected.locations[0]!.heatmap[p.dates.indexOf('2027-03-14')]!.hours[2]!; // New York, 14 March, 03:00: the first hour after the clocks went forward
    expect(hours).toContain(
      [
        centers[0]!.locationId,
        'Oracle 1',
        'America/New_York',
        '2027-03-14',
        '03:00',
        '-04:00',
        peak.startsAt,
        peak.scheduledChairsPeak,
        peak.chairsInUsePeak,
        peak.patientsPerNursePeak,
        peak.infusionStarts,
      ].join(','),
    );
    expect(await rows('therapies')).toHaveLength(1 + expected.locations.reduce((s, l) => s + l.therapies.length, 0));

    // The month is not trivial: every kind of figure has material to be wrong about.
    expect(expected.organisation.visits).toBeGreaterThan(500);
    expect(expected.organisation.noShows).toBeGreaterThan(10);
    expect(expected.organisation.lateCancellations).toBeGreaterThan(5);
    expect(expected.reactions.length).toBeGreaterThan(5);
    expect(
      expected.locations
        .flatMap((l) => l.heatmap)
        .filter((d) => d.hours.length !== 24)
        .map((d) => d.date),
    ).toEqual(clockChanges);
    expect(
      Math.max(...expected.locations.flatMap((l) => l.heatmap.flatMap((d) => d.hours.map((h) => h.patientsPerNursePeak)))),
    ).toBeGreaterThan(1);
    return centers;
  }

  it('returns for a month, per location, day, hour and therapy and rolled up, exactly what the raw events say', async () => {
    await scenario(MONTH, 20270301, ['2027-03-14', '2027-03-28']);
  }, 300_000);

  it('returns the same for a whole year across six clock changes in three zones (merged wait histograms: exact for whole-minute waits)', async () => {
    // Per location in date order: New York, London, then Sydney, whose 25-hour day comes first.
    const centers = await scenario(YEAR, 20270101, [
      '2027-03-14',
      '2027-11-07',
      '2027-03-28',
      '2027-10-31',
      '2027-04-04',
      '2027-10-03',
    ]);

    // The rebuild CLI over the same year: every rollup row (days, months, hours across the six
    // clock changes, merged histograms) comes back identical from the events alone, and so does the report.
    const analyst = tokenFor(
      ['analyst'],
      centers.map((c) => c.locationId),
    );
    const ask = () =>
      call('GET', `${reporting.url}/reports/kpis?from=${YEAR.from}&to=${YEAR.to}&include=heatmap`, { token: analyst });
    const before = await dumpReadModels(db);
    const inboxBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox'))[0]!.n;
    const reportBefore = (await ask()).body as Record<string, unknown>;
    expect((before.hours as unknown[]).length).toBeGreaterThan(3 * 365);
    await reporting.stop();
    await rebuild({ ...process.env, DATABASE_NAME: db.name, KAFKA_CONSUMER_GROUP: `${runId}-reporting` }, () => undefined);
    expect(await db.query('SELECT count(*)::int AS n FROM kpi_hour')).toEqual([{ n: 0 }]);
    reporting = await startServiceProcess({
      service: 'reporting',
      port: await freePort(),
      env: { DATABASE_NAME: db.name, KAFKA_CONSUMER_GROUP: `${runId}-reporting` },
    });
    // Every event applied again and every marked day recomputed, then compared table by table.
    await waitFor(
      async () =>
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox'))[0]!.n >= inboxBefore &&
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM kpi_stale_day'))[0]!.n === 0
          ? true
          : undefined,
      { what: 'the year replayed by the rebuilt reporting', timeoutMs: 300_000 },
    );
    const after = await dumpReadModels(db);
    const differing = Object.keys(before).flatMap((table) => {
      const was = (before as Record<string, unknown[]>)[table]!;
      const is = (after as Record<string, unknown[]>)[table]!;
      if (JSON.stringify(was) === JSON.stringify(is)) return [];
      const at = was.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(is[i]));
      return [
        `${table}: ${was.length} rows before, ${is.length} after; first difference at ${at}: ${JSON.stringify(was[at])} → ${JSON.stringify(is[at])}`,
      ];
    });
    expect(differing).toEqual([]);
    const reportAfter = (await ask()).body as Record<string, unknown>;
    expect({ ...reportAfter, freshAsOf: null, consumerLag: null }).toEqual({
      ...reportBefore,
      freshAsOf: null,
      consumerLag: null,
    });
  }, 900_000);
});
