import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  call,
  CenterFixture,
  type MailSink,
  type ServiceProcess,
  type SmsProvider,
  startMailSink,
  startOnOwnDatabase,
  startSmsProvider,
  stopAndDrop,
  type TestDatabase,
  testRunId,
  tokenFor,
  useOwnTopics,
  waitFor,
} from '@chairside/testing';
import { notificationsDataSourceOptions } from '../../notifications/src/database/data-source.js';
import { reportingDataSourceOptions } from '../../reporting/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../sessions/src/database/data-source.js';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'America/Chicago';

interface Proposal {
  proposalId: string;
  version: number;
  appointmentId: string;
  delayMinutes: number;
  proposed: { startsAt: string; localStart: string };
}

describe('a day at the center, whole chain over real Kafka and SMTP: a session overruns, its time is held, the next patient is re-planned by the charge nurse and told', () => {
  const restoreTopics = useOwnTopics('replan');
  afterAll(restoreTopics);
  const runId = testRunId('replan');
  const started: Array<{ db: TestDatabase; service: ServiceProcess }> = [];
  let scheduling: ServiceProcess;
  let sessions: ServiceProcess;
  let notifications: ServiceProcess;
  let reporting: ServiceProcess;
  let sink: MailSink;
  let sms: SmsProvider;
  const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');

  beforeAll(async () => {
    [sink, sms] = await Promise.all([startMailSink(), startSmsProvider()]);
    started.push(
      ...(await Promise.all([
        startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
        startOnOwnDatabase({
          service: 'sessions',
          runId,
          dataSourceOptions: sessionsDataSourceOptions,
          env: { SESSIONS_ADJUSTABLE_CLOCK: 'true', SESSION_WATCH_INTERVAL_MS: '500' },
        }),
        startOnOwnDatabase({
          service: 'notifications',
          runId,
          dataSourceOptions: notificationsDataSourceOptions,
          env: { SMTP_PORT: String(sink.port), SMS_API_URL: sms.url, DISPATCH_INTERVAL_MS: '100' },
        }),
        startOnOwnDatabase({ service: 'reporting', runId, dataSourceOptions: reportingDataSourceOptions }),
      ])),
    );
    [scheduling, sessions, notifications, reporting] = started.map((s) => s.service) as [
      ServiceProcess,
      ServiceProcess,
      ServiceProcess,
      ServiceProcess,
    ];
  });
  afterAll(async () => {
    await Promise.all(started.map((s) => stopAndDrop(s.service, s.db)));
    await Promise.all([sink?.close(), sms?.close()]);
  });

  const until = <T>(what: string, probe: () => Promise<T | undefined | false>) => waitFor(probe, { what, timeoutMs: 90_000 });

  it('overrun → hold grows → a booking into it is refused → a proposal for the next patient → the charge nurse (one location) applies it → the patient is emailed the new time → reporting shows the move; applying it again is 409', async () => {
    const c = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 1,
      nurses: 1,
      capacity: 4,
      name: `Replan ${randomUUID().slice(0, 6)}`,
    });
    const nurse = tokenFor(['nurse'], [c.locationId]);
    const chargeNurse = tokenFor(['charge-nurse'], [c.locationId]);
    const scheduler = tokenFor(['scheduler'], [c.locationId]);
    const manager = tokenFor(['manager'], [c.locationId]);
    const patient = (givenName: string, email?: string) =>
      c.post('/patients', {
        givenName,
        familyName: 'Replan-Test',
        dateOfBirth: '1968-05-04',
        ...(email ? { email, notificationConsent: true } : {}),
      });
    const email = `rosa.${randomUUID().slice(0, 8)}@example.test`;
    const [ana, rosa, walkIn] = [await patient('Ana'), await patient('Rosa', email), await patient('Lupe')];
    const book = (patientId: string, startsAt: string, durationMinutes = 60, token = c.admin) =>
      call('POST', `${scheduling.url}/locations/${c.locationId}/appointments`, {
        token,
        body: { patientId, therapyCode: 'hydration', startsAt, durationMinutes },
      });
    const running = (await book(ana.id, c.at(9))).body as { id: string; endsAt: string };
    const next = (await book(rosa.id, c.at(11))).body as { id: string; version: number };

    // The nurse checks Ana in; her session waits for a chair.
    const checkIn = await until('the session to be checked in', async () => {
      const r = await call('POST', `${sessions.url}/locations/${c.locationId}/sessions/${running.id}/check-in`, {
        token: nurse,
        body: {},
      });
      return r.status === 200 ? r.body : undefined;
    });
    expect(checkIn.status).toBe('arrived');
    await until('the confirmation email to Rosa', async () => sink.mails.find((m) => m.to.includes(email)));

    // 11:30 on the day and Ana is still not in the chair: a 60-minute stay now ends at 12:30 at the earliest.
    // The session watch's clock is the organisation's: an admin of every location moves it.
    const moved = await call('PUT', `${sessions.url}/test/clock`, { token: c.organisationAdmin, body: { now: c.at(11, 30) } });
    expect(moved.status).toBe(200);
    const appointmentUrl = (id: string) => `${scheduling.url}/locations/${c.locationId}/appointments/${id}`;
    const held = await until('the overrun to be held', async () => {
      const r = await call('GET', appointmentUrl(running.id), { token: scheduler });
      return r.body.overrunEndsAt ? r.body : undefined;
    });
    expect(Date.parse(held.overrunEndsAt)).toBeGreaterThanOrEqual(Date.parse(c.at(12, 30)));
    expect(Date.parse(held.endsAt)).toBe(Date.parse(running.endsAt));

    // 10:15–10:45 fitted the gap before Rosa's 11:00 on the only chair; the hold has it now.
    const intoTheHold = await book(walkIn.id, c.at(10, 15), 30, scheduler);
    expect(intoTheHold.status).toBe(409);
    expect(intoTheHold.body).toMatchObject({ type: '/problems/slot-unavailable', reason: 'no-chair' });

    const replansUrl = `${scheduling.url}/locations/${c.locationId}/replans`;
    const proposal = await until('a re-plan proposal for Rosa', async () => {
      const r = await call<{ proposals: Proposal[] }>('GET', `${replansUrl}?date=${day.toISODate()}`, { token: chargeNurse });
      return r.body.proposals?.find((p) => p.appointmentId === next.id);
    });
    const heldChairUntil = DateTime.fromISO(held.overrunEndsAt).plus({ minutes: 10 });
    expect(Date.parse(proposal.proposed.startsAt)).toBeGreaterThanOrEqual(heldChairUntil.toMillis());
    expect(proposal.delayMinutes).toBeGreaterThanOrEqual(100);
    const queue = await call('GET', `${scheduling.url}/locations/${c.locationId}/work-queues/replan-proposals`, {
      token: scheduler,
    });
    expect(queue.body.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([proposal.proposalId]);

    // A charge nurse of another center cannot apply it; a bad body names the field.
    const elsewhere = tokenFor(['charge-nurse'], [randomUUID()]);
    const apply = (token: string, body: unknown) => call('POST', `${replansUrl}/apply`, { token, body });
    expect((await apply(elsewhere, { proposals: [{ proposalId: proposal.proposalId, version: 1 }] })).status).toBe(403);
    const bad = await apply(chargeNurse, { proposals: [{ proposalId: proposal.proposalId, version: 0 }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('version');

    const applied = await apply(chargeNurse, { proposals: [{ proposalId: proposal.proposalId, version: proposal.version }] });
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toEqual([
      expect.objectContaining({ appointmentId: next.id, startsAt: proposal.proposed.startsAt }),
    ]);
    const again = await apply(chargeNurse, { proposals: [{ proposalId: proposal.proposalId, version: proposal.version }] });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/replan-stale');
    const after = (await call('GET', appointmentUrl(next.id), { token: scheduler })).body;
    expect(after).toMatchObject({ startsAt: proposal.proposed.startsAt, atRiskSince: null });

    // Rosa is told the new time by email.
    const localNew = DateTime.fromISO(proposal.proposed.startsAt).setZone(ZONE).toFormat('h:mm a');
    const notice = await until('the email telling Rosa of the move', async () =>
      sink.mails.find((m) => m.to.includes(email) && m.subject.includes('has moved')),
    );
    expect(notice.text).toContain(localNew);
    const messages = await call<Array<{ kind: string; status: string }>>(
      'GET',
      `${notifications.url}/appointments/${next.id}/messages`,
      {
        token: scheduler,
      },
    );
    expect(messages.body.filter((m) => m.kind === 'reschedule').map((m) => m.status)).toEqual(['sent']);

    // Reporting shows the move: the chair is booked in the hour Rosa now starts, and no longer at 11:00.
    const hour = DateTime.fromISO(proposal.proposed.startsAt).setZone(ZONE).toFormat('HH:00');
    await until('reporting to show the moved visit', async () => {
      const r = await call(
        'GET',
        `${reporting.url}/reports/kpis?from=${day.toISODate()}&to=${day.toISODate()}&locationId=${c.locationId}&include=heatmap`,
        {
          token: manager,
        },
      );
      const hours = r.body.locations?.[0]?.heatmap?.[0]?.hours as
        Array<{ hour: string; scheduledChairsPeak: number }> | undefined;
      const at = (h: string) => hours?.find((x) => x.hour === h)?.scheduledChairsPeak;
      return at(hour) === 1 && at('11:00') === 0 ? hours : undefined;
    });
  });

  it('a sick call: the charge nurse (one location) removes the shift, each of her appointments gets a proposal with a colleague at the same time, applying them together moves both; a proposal overtaken by a manual move is 409', async () => {
    const c = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 3,
      nurses: 1,
      capacity: 4,
      name: `Sick call ${randomUUID().slice(0, 6)}`,
    });
    const chargeNurse = tokenFor(['charge-nurse'], [c.locationId]);
    const scheduler = tokenFor(['scheduler'], [c.locationId]);
    const sick = await c.post(`/locations/${c.locationId}/nurses`, {
      displayName: 'Nurse Sick',
      certifications: ['infusion'],
      capacity: 4,
      startWindowMinutes: 15,
    });
    const shift = await c.post(`/locations/${c.locationId}/nurses/${sick.id}/shifts`, {
      startsAt: day.set({ hour: 7 }).toISO(),
      endsAt: day.set({ hour: 17 }).toISO(),
    });
    const ids: string[] = [];
    for (const [i, hour] of [9, 13, 15].entries()) {
      const p = await c.post('/patients', { givenName: `Sick${i}`, familyName: 'Replan-Test', dateOfBirth: '1970-01-01' });
      ids.push(
        (
          await c.post(`/locations/${c.locationId}/appointments`, {
            patientId: p.id,
            therapyCode: 'hydration',
            startsAt: c.at(hour),
            nurseId: sick.id,
          })
        ).id,
      );
    }
    const removed = await call('DELETE', `${scheduling.url}/locations/${c.locationId}/nurses/${sick.id}/shifts/${shift.id}`, {
      token: chargeNurse,
      body: { reason: 'sick call' },
    });
    expect(removed.status).toBe(200);
    const replansUrl = `${scheduling.url}/locations/${c.locationId}/replans`;
    const proposals = await until('a proposal for each of her appointments', async () => {
      const r = await call<{ proposals: Proposal[] }>('GET', `${replansUrl}?date=${day.toISODate()}`, { token: chargeNurse });
      return r.body.proposals?.length === 3 ? r.body.proposals : undefined;
    });
    expect(proposals.map((p) => [p.appointmentId, p.delayMinutes])).toEqual(ids.map((id) => [id, 0]));

    // The scheduler moves the last one by hand first: its proposal is stale, and so is an apply that includes it.
    const manual = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments/${ids[2]}/reschedule`, {
      token: c.admin,
      body: { startsAt: c.at(16) },
    });
    expect(manual.status).toBe(200);
    const all = proposals.map((p) => ({ proposalId: p.proposalId, version: p.version }));
    const stale = await call('POST', `${replansUrl}/apply`, { token: chargeNurse, body: { proposals: all } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/replan-stale', proposalId: proposals[2]!.proposalId });
    // All or nothing: the first two did not move either.
    for (const id of ids.slice(0, 2))
      expect(
        (await call('GET', `${scheduling.url}/locations/${c.locationId}/appointments/${id}`, { token: scheduler })).body.nurseId,
      ).toBe(sick.id);

    const applied = await call('POST', `${replansUrl}/apply`, { token: chargeNurse, body: { proposals: all.slice(0, 2) } });
    expect(applied.status).toBe(200);
    expect(applied.body.applied.map((a: { appointmentId: string; nurseId: string }) => a.appointmentId)).toEqual(ids.slice(0, 2));
    expect(applied.body.applied.every((a: { nurseId: string }) => a.nurseId !== sick.id)).toBe(true);
  });
});
