import { randomUUID } from 'node:crypto';
import {
  AppointmentConfirmedV1,
  AppointmentNoShowV1,
  LocationHoursSetV1,
  type EventDefinition,
  InfusionCompletedV1,
  InfusionStartedV1,
  type InputOf,
  NotificationDeliveredV1,
  NotificationSentV1,
  NotificationSuppressedV1,
  ReactionRecordedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionDrugReadyV1,
  SessionSeatedV1,
} from '@chairside/contracts';
import { DateTime } from 'luxon';
import {
  call,
  type FedAppointment,
  freePort,
  SchedulingFeed,
  type ServiceProcess,
  startServiceProcess,
  testRunId,
  type TestDatabase,
  tokenFor,
  useOwnTopics,
  waitFor,
  startOnOwnDatabase,
  stopAndDrop,
  TEST_ORGANISATION_ID,
} from '@chairside/testing';
import { reportingDataSourceOptions } from '../src/database/data-source.js';
import { rebuild } from '../src/cli/rebuild.js';
import { dumpReadModels } from './builders/read-models.js';
import { MINUTE } from '@chairside/domain';

/**
 * @runs-alone: the absurd range and the heatmap bound are held to 100 ms, which a busy neighbour on two cores could break.
 */
describe('reporting facts and KPIs: one row per visit, reaction and message from three topics; the rebuild CLI and a replay into an empty database give identical outputs', () => {
  const restoreTopics = useOwnTopics('reporting-facts');
  afterAll(restoreTopics);
  const runId = testRunId('facts');
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

  const dump = dumpReadModels;

  /** Sessions' and notifications' events for a fed appointment, as those services publish them. */
  function about(feed: SchedulingFeed, a: FedAppointment) {
    const ref = (at: Date) => ({
      appointmentId: a.appointmentId,
      locationId: feed.locationId,
      patientId: a.patientId,
      therapyCode: 'immune_globulin' as const,
      chairId: a.chairId,
      nurseId: a.nurseId,
      actorId: 'nurse-7',
      occurredAt: at.toISOString(),
    });
    const message = {
      appointmentId: a.appointmentId,
      patientId: a.patientId,
      locationId: feed.locationId,
      kind: 'reminder' as const,
      channel: 'sms' as const,
      occurrence: a.startsAt,
      offsetHours: 24,
    };
    return {
      session: <D extends EventDefinition>(d: D, at: Date, extra: Record<string, unknown> = {}) =>
        feed.send(d, a.appointmentId, { ...ref(at), ...extra } as InputOf<D>),
      message: <D extends EventDefinition>(d: D, messageId: string, extra: Record<string, unknown>) =>
        feed.send(d, messageId, { messageId, ...message, ...extra } as InputOf<D>),
    };
  }

  it('follows a visit from booking to discharge, a cancellation, a no-show and messages; duplicates and a replay into an empty database change nothing', async () => {
    const feed = await new SchedulingFeed('America/Los_Angeles').open(3, 1);
    await feed.send(LocationHoursSetV1, feed.locationId, {
      locationId: feed.locationId,
      weeklyHours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ opens: '06:00', closes: '20:00' }]])),
      closedDates: [],
    });
    const start = new Date(Date.now() - 4 * 60 * MINUTE);
    const visit = await feed.reschedule(await feed.book(new Date(start.getTime() - 30 * MINUTE)), start, 120);
    const cancelled = await feed.book(new Date(start.getTime() + 60 * MINUTE), { chair: 1 });
    const absent = await feed.book(new Date(start.getTime() + 90 * MINUTE), { chair: 2 });
    await feed.cancel(cancelled);
    await feed.send(AppointmentNoShowV1, absent.appointmentId, {
      ...absent,
      therapyCode: 'immune_globulin',
      locationId: feed.locationId,
      timeZone: feed.zone,
      localStart: feed.local(new Date(absent.startsAt)),
      markedAt: new Date(start.getTime() + 130 * MINUTE).toISOString(),
    });
    await feed.send(AppointmentConfirmedV1, visit.appointmentId, {
      ...visit,
      therapyCode: 'immune_globulin',
      locationId: feed.locationId,
      timeZone: feed.zone,
      localStart: feed.local(start),
      confirmedAt: new Date(start.getTime() - 20 * 60 * MINUTE).toISOString(),
      via: 'patient_reply',
    });

    const s = about(feed, visit);
    const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
    // Out of order on purpose: the discharge can land before the booking on another partition of another topic.
    await s.session(SessionDischargedV1, at(170), {
      plannedEndsAt: visit.endsAt,
      actualEndsAt: at(170).toISOString(),
      mayDrive: true,
      escortRequired: false,
      stoppedEarly: false,
    });
    await s.session(SessionCheckedInV1, at(-5), { plannedStartsAt: visit.startsAt, lateMinutes: -5 });
    await s.session(SessionSeatedV1, at(4));
    await s.session(SessionDrugReadyV1, at(12));
    await s.session(InfusionStartedV1, at(15), { plannedStartsAt: visit.startsAt });
    const reactionId = randomUUID();
    await s.session(ReactionRecordedV1, at(40), {
      reactionId,
      kind: 'infusion_reaction',
      ctcaeGrade: 2,
      actions: ['paused'],
      outcome: 'resolved',
      protocolAction: 'pause-then-restart-at-50-percent',
    });
    await s.session(InfusionCompletedV1, at(140), { infusingMinutes: 118, plannedDurationMinutes: 120 });
    const sent = randomUUID();
    await s.message(NotificationDeliveredV1, sent, { deliveredAt: at(-1400).toISOString() });
    await s.message(NotificationSentV1, sent, { sentAt: at(-1440).toISOString(), attempts: 1, fallback: false });
    await s.message(NotificationSuppressedV1, randomUUID(), { reason: 'quiet-hours', suppressedAt: at(-100).toISOString() });
    // A redelivery of an event already applied.
    await s.session(SessionSeatedV1, at(4));

    const live = await waitFor(
      async () => {
        const d = await dump(db);
        const v = d.visits.find((r: { appointment_id: string }) => r.appointment_id === visit.appointmentId) as
          Record<string, unknown> | undefined;
        return d.visits.length === 3 &&
          // The cancellation and the no-show too: each travels on its appointment's partition, in no
          // order with the others' events (a run read the cancelled visit still booked).
          d.visits.every((r: { status: string }) => r.status !== 'booked') &&
          v?.infusion_completed_at &&
          v.confirmed_at &&
          d.messages.length === 2 &&
          d.reactions.length === 1 &&
          // The rollups follow the facts a round of KpiRefresher later.
          (d.stale[0] as { n: number }).n === 0
          ? d
          : undefined;
      },
      { what: 'the facts' },
    );
    // The month and year histograms hold what the day ones hold (three waits of one visit), summed.
    const counted = (rows: unknown[]) => (rows as Array<{ visits: number }>).reduce((n, r) => n + r.visits, 0);
    expect([counted(live.histograms), counted(live.monthHistograms), counted(live.yearHistograms)]).toEqual([3, 3, 3]);
    const v = live.visits.find((r: { appointment_id: string }) => r.appointment_id === visit.appointmentId) as Record<
      string,
      Date | string | number
    >;
    expect(v).toMatchObject({
      status: 'fulfilled',
      starts_at: start,
      duration_minutes: 120,
      checked_in_at: at(-5),
      seated_at: at(4),
      drug_ready_at: at(12),
      infusion_started_at: at(15),
      infusion_completed_at: at(140),
      infusing_minutes: 118,
      discharged_at: at(170),
      appointment_sequence: 2,
    });
    expect(live.visits.find((r: { appointment_id: string }) => r.appointment_id === cancelled.appointmentId)).toMatchObject({
      status: 'cancelled',
      late_cancellation: false,
    });
    expect(live.visits.find((r: { appointment_id: string }) => r.appointment_id === absent.appointmentId)).toMatchObject({
      status: 'noshow',
    });
    expect(live.messages.find((m: { message_id: string }) => m.message_id === sent)).toMatchObject({
      status: 'delivered',
      rank: 4,
    });
    expect(live.reactions).toEqual([
      expect.objectContaining({ reaction_id: reactionId, grade: 2, therapy_code: 'immune_globulin' }),
    ]);

    // The KPIs over the days around the visits, computed here by hand from what was sent.
    const day = (offset: number) => DateTime.fromJSDate(start).setZone(feed.zone).plus({ days: offset }).toISODate()!;
    await waitFor(
      async () =>
        (
          await db.query<{ n: number }>(
            `SELECT jsonb_array_length(weekly_hours->'1') AS n FROM directory_location WHERE location_id = $1`,
            [feed.locationId],
          )
        )[0]?.n === 1 || undefined,
      { what: 'the opening hours' },
    );
    // The analyst of the center the feed runs (the organisation-wide analyst is kpi-oracle's).
    const analyst = tokenFor(['analyst'], [feed.locationId]);
    const report = await call('GET', `${reporting.url}/reports/kpis?from=${day(-1)}&to=${day(1)}&locationId=${feed.locationId}`, {
      token: analyst,
    });
    expect(report.status).toBe(200);
    const org = report.body.organisation;
    const open = 3 * 840 * 3;
    expect(org).toMatchObject({
      openChairMinutes: open,
      visits: 3,
      infusions: 1,
      noShows: 1,
      noShowRate: 0.5,
      lateCancellations: 0,
      onTimeStartRate: 1,
      confirmationRate: 0.5,
      actualInfusingMinutesMean: 118,
      plannedMinutesMean: 120,
    });
    expect(org.scheduledUtilization).toBeCloseTo((150 + 150) / open);
    expect(org.actualUtilization).toBeCloseTo(166 / open);
    expect(org.waits).toEqual({
      checkInToChair: { n: 1, p50: 9, p90: 9 },
      chairToDrugReady: { n: 1, p50: 8, p90: 8 },
      drugReadyToStart: { n: 1, p50: 3, p90: 3 },
    });
    expect(report.body.reminderEffect).toEqual({
      withReminder: { visits: 1, noShowRate: 0 },
      withoutReminder: { visits: 1, noShowRate: 1 },
    });
    expect(report.body.reactions).toEqual([{ therapyCode: 'immune_globulin', grade: 2, count: 1 }]);
    expect(report.body.notifications).toMatchObject({ delivered: 1, suppressed: 1, deliveryRate: 1 });
    expect(report.body.locations[0].days.map((d: { date: string }) => d.date)).toEqual([day(-1), day(0), day(1)]);
    const csv = await call('GET', `${reporting.url}/reports/kpis?from=${day(-1)}&to=${day(1)}&format=csv`, { token: analyst });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).trim().split('\r\n')).toHaveLength(1 + 3 * report.body.locations.length);
    const bad = await call('GET', `${reporting.url}/reports/kpis?from=2026-13-01&to=yesterday`, { token: analyst });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['from', 'to']);
    // Bounded work: the absurd range is refused before a single date is built, the largest accepted one is served.
    const absurdStarted = performance.now();
    const absurd = await call('GET', `${reporting.url}/reports/kpis?from=0001-01-01&to=9999-12-31`, { token: analyst });
    const absurdMs = performance.now() - absurdStarted;
    expect(absurd.status).toBe(400);
    expect(absurd.headers.get('content-type')).toContain('application/problem+json');
    expect(absurd.body.errors.map((e: { field: string }) => e.field)).toEqual(['from', 'to']);
    expect(absurdMs).toBeLessThan(100);
    const refusals = {
      'from=2027-01-01&to=2028-01-02': ['to'], // 367 days: the smallest range refused
      'from=2027-02-29&to=2027-03-01': ['from'], // not a real date
      'from=1899-12-31&to=1900-01-01': ['from'],
      'from=2027-03-02&to=2027-03-01': ['to'],
      'from=2027-01-01&to=2027-01-01&format=xml': ['format'],
    };
    for (const [query, fields] of Object.entries(refusals)) {
      const refused = await call('GET', `${reporting.url}/reports/kpis?${query}`, { token: analyst });
      expect({ query, status: refused.status, fields: refused.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        query,
        status: 400,
        fields,
      });
    }
    const largest = await call(
      'GET',
      `${reporting.url}/reports/kpis?from=2027-01-01&to=2027-12-31&locationId=${feed.locationId}&include=heatmap`,
      {
        token: analyst,
      },
    );
    expect(largest.status).toBe(200);
    expect(largest.body.locations[0].days).toHaveLength(365);
    const leapYear = await call('GET', `${reporting.url}/reports/kpis?from=2028-01-01&to=2028-12-31`, { token: analyst });
    expect(leapYear.status).toBe(200); // 366 days: the largest range accepted
    // The heatmap's bound, 3,200 location-days, counted from the grant before the report gate, a
    // connection or the directory: an analyst of eleven centers (this one and ten others) asking
    // for 291 days is the smallest refusal (3,201), ten centers for 320 days the largest accepted.
    const centers = (n: number) => [feed.locationId, ...Array.from({ length: n - 1 }, () => randomUUID())];
    const heatmapStarted = performance.now();
    const tooManyHours = await call('GET', `${reporting.url}/reports/kpis?from=2027-01-01&to=2027-10-18&include=heatmap`, {
      token: tokenFor(['analyst'], centers(11)),
    });
    const heatmapMs = performance.now() - heatmapStarted;
    expect(tooManyHours.status).toBe(400);
    expect(tooManyHours.headers.get('content-type')).toContain('application/problem+json');
    expect(tooManyHours.body.errors).toEqual([
      { field: 'include', reason: expect.stringContaining('(this request covers 3201:') },
    ]);
    expect(heatmapMs).toBeLessThan(100);
    const tooManyRows = await call('GET', `${reporting.url}/reports/kpis?from=2027-01-01&to=2027-10-18&format=csv&view=hours`, {
      token: tokenFor(['analyst'], centers(11)),
    });
    expect(tooManyRows.status).toBe(400);
    expect(tooManyRows.body.errors.map((e: { field: string }) => e.field)).toEqual(['view']);
    // The largest accepted is read in full: all ten granted centers registered (the nine others loaded
    // into the directory directly, as scheduling's events would have left them; facts only at this one).
    const ten = centers(10);
    await db.query(
      `INSERT INTO directory_location (location_id, organisation_id, name, time_zone, chair_count)
       SELECT id, $1, 'Heatmap ' || id, 'America/New_York', 30 FROM unnest($2::uuid[]) AS id`,
      [TEST_ORGANISATION_ID, ten.slice(1)],
    );
    const largestHeatmap = await call('GET', `${reporting.url}/reports/kpis?from=2027-01-01&to=2027-11-16&include=heatmap`, {
      token: tokenFor(['analyst'], ten),
    });
    expect(largestHeatmap.status).toBe(200); // 10 × 320 = 3,200 location-days
    // Every one of the ten is read: 320 days of 24 hours each (23 and 25 on the clock changes).
    const heatmaps = largestHeatmap.body.locations as Array<{ locationId: string; heatmap: unknown[] }>;
    expect(heatmaps.map((l) => l.locationId).sort()).toEqual([...ten].sort());
    for (const l of heatmaps) expect(l.heatmap).toHaveLength(320);
    expect((await call('GET', `${reporting.url}/health/live`)).status).toBe(200);
    expect(
      (
        await call('GET', `${reporting.url}/reports/kpis?from=${day(0)}&to=${day(0)}`, {
          token: tokenFor(['nurse'], [feed.locationId]),
        })
      ).status,
    ).toBe(403);
    // A center manager reads the reports of their own locations only (the grant narrows the query).
    const manager = tokenFor(['manager'], [feed.locationId]);
    const managed = await call('GET', `${reporting.url}/reports/kpis?from=${day(-1)}&to=${day(1)}`, { token: manager });
    expect(managed.status).toBe(200);
    expect(managed.body.locations.map((l: { locationId: string }) => l.locationId)).toEqual([feed.locationId]);
    expect(managed.body.organisation).toMatchObject({ visits: 3, noShows: 1 });
    // Freshness names the caller's organisation's newest fact and whether reporting is caught up, nothing
    // more: the manager of this center sees this organisation's; the manager of one center of another
    // organisation sees none of it (no newest fact, no figures of anyone's traffic).
    const fresh = await call('GET', `${reporting.url}/reports/freshness`, { token: manager });
    expect(fresh.status).toBe(200);
    expect(fresh.body.freshAsOf).toEqual(expect.any(String));
    const foreignManager = tokenFor(['manager'], [randomUUID()], randomUUID());
    const foreign = await call('GET', `${reporting.url}/reports/freshness`, { token: foreignManager });
    expect(foreign.status).toBe(200);
    expect(foreign.body.freshAsOf).toBeNull();
    expect(Object.keys(foreign.body).sort()).toEqual(['consumerLag', 'freshAsOf']);
    const elsewhere = tokenFor(['manager'], [randomUUID()]);
    expect(
      (
        await call('GET', `${reporting.url}/reports/kpis?from=${day(-1)}&to=${day(1)}&locationId=${feed.locationId}`, {
          token: elsewhere,
        })
      ).status,
    ).toBe(403);
    const other = await call('GET', `${reporting.url}/reports/kpis?from=${day(-1)}&to=${day(1)}`, { token: elsewhere });
    expect(other.status).toBe(200);
    expect(other.body.locations).toEqual([]);
    expect(other.body.organisation).toMatchObject({ visits: 0 });

    // The rebuild CLI: stop reporting, empty its read models and move its group back to offset 0, start again.
    await reporting.stop();
    const lines: string[] = [];
    await rebuild({ ...process.env, DATABASE_NAME: db.name, KAFKA_CONSUMER_GROUP: `${runId}-reporting` }, (line) =>
      lines.push(line),
    );
    expect(lines.join('\n')).toMatch(/back to offset 0 on [1-9]\d* topic/);
    expect(await db.query('SELECT count(*)::int AS n FROM visit_fact')).toEqual([{ n: 0 }]);
    reporting = await startServiceProcess({
      service: 'reporting',
      port: await freePort(),
      env: { DATABASE_NAME: db.name, KAFKA_CONSUMER_GROUP: `${runId}-reporting` },
    });
    await waitFor(
      async () => {
        const rebuilt = await dump(db);
        // On a timeout the failure names what differs (a replay interleaves the three topics
        // unlike the live run did; a section that differs says which projection depends on order).
        const differ = (Object.keys(live) as (keyof typeof live)[]).filter(
          (k) => JSON.stringify(rebuilt[k]) !== JSON.stringify(live[k]),
        );
        if (!differ.length) return true;
        const first = differ[0]!;
        throw new Error(
          `${differ.join(', ')} differ; ${first} rebuilt ${JSON.stringify(rebuilt[first]).slice(0, 600)} before ${JSON.stringify(live[first]).slice(0, 600)}`,
        );
      },
      { what: 'the rebuilt read models to equal the ones before' },
    );
    const again = await call('GET', `${reporting.url}/reports/kpis?from=${day(-1)}&to=${day(1)}&locationId=${feed.locationId}`, {
      token: analyst,
    });
    expect({ ...again.body, freshAsOf: null, consumerLag: null }).toEqual({ ...report.body, freshAsOf: null, consumerLag: null });

    const { db: replayDb, stop: stopReplay } = await startOnOwnDatabase({
      service: 'reporting',
      runId,
      role: 'replay',
      dataSourceOptions: reportingDataSourceOptions,
    });
    try {
      const rebuilt = await waitFor(
        async () => {
          const d = await dump(replayDb);
          return JSON.stringify(d) === JSON.stringify(live) ? d : undefined;
        },
        { what: 'the rebuilt facts to equal the live ones' },
      );
      expect(rebuilt).toEqual(live);
    } finally {
      await stopReplay();
    }
  });
});
