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
  testRunId,
  type TestDatabase,
  tokenFor,
  untilTextsHandedOver,
  useOwnTopics,
  waitFor,
} from '@chairside/testing';
import { DEV_SMS_AUTH_TOKEN } from '@chairside/platform';
import { notificationsDataSourceOptions } from '../../notifications/src/database/data-source.js';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'America/Chicago';

/** An item of a work queue, as a scheduler reads it. */
interface WorkItem {
  subjectId: string;
  itemKey: string;
  detail: string | null;
  appointment: { id: string; status: string };
  patient: { id: string };
  outcomes: string[];
}

/**
 * The work queues that other services and other people fill, end to end over HTTP as a scheduler
 * of one location, with real Kafka, the real notifications service, a real SMTP server and the
 * SMS provider on loopback: a text that fails for good and its resend (`failed-messages`), an
 * SMS "R" (`reschedule-requests`), a freed time offered to the waitlist (`waitlist-offers`) and
 * a chair taken out of service (`chairs-out-of-service`).
 */
describe('work queues filled by events, over HTTP as a scheduler of one location', () => {
  const restoreTopics = useOwnTopics('workq');
  afterAll(restoreTopics);
  const runId = testRunId('workq');
  let schedulingDb: TestDatabase;
  let notificationsDb: TestDatabase;
  let scheduling: ServiceProcess;
  let notifications: ServiceProcess;
  let sink: MailSink;
  let sms: SmsProvider;
  const day = DateTime.now().setZone(ZONE).plus({ days: 10 }).startOf('day');

  beforeAll(async () => {
    [sink, sms] = await Promise.all([startMailSink(), startSmsProvider()]);
    [{ db: schedulingDb, service: scheduling }, { db: notificationsDb, service: notifications }] = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({
        service: 'notifications',
        runId,
        dataSourceOptions: notificationsDataSourceOptions,
        env: {
          SMTP_PORT: String(sink.port),
          SMS_API_URL: sms.url,
          DISPATCH_INTERVAL_MS: '100',
          DISPATCH_BACKOFF_MS: '200',
          NOTIFICATIONS_MAX_ATTEMPTS: '2',
        },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([stopAndDrop(scheduling, schedulingDb), stopAndDrop(notifications, notificationsDb)]);
    await Promise.all([sink?.close(), sms?.close()]);
  });

  // Generous: the first wait also covers the consumer groups joining.
  const until = <T>(what: string, probe: () => Promise<T | undefined | false>) => waitFor(probe, { what, timeoutMs: 60_000 });
  const center = () =>
    new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 2,
      nurses: 1,
      capacity: 4,
      name: `WorkQ ${randomUUID().slice(0, 6)}`,
    });
  /** The center's scheduler: one location, the least privileged user who works its queues. */
  const schedulerOf = (c: CenterFixture) => tokenFor(['scheduler'], [c.locationId]);
  const api = (token: string, method: 'GET' | 'POST', url: string, body?: unknown) =>
    call(method, url, { token, ...(body !== undefined ? { body } : {}) });
  const phoneNumber = () => `+1312555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const patient = async (token: string, channels: Array<'sms' | 'email'>) => {
    const phone = phoneNumber();
    const created = await api(token, 'POST', `${scheduling.url}/patients`, {
      givenName: 'Rosa',
      familyName: 'Queue',
      dateOfBirth: '1970-02-02',
      email: `rosa.${randomUUID().slice(0, 8)}@example.test`,
      phone,
      notificationConsent: true,
      preferences: { channels, optOutKinds: [], quietHours: null, timeZone: null },
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, phone };
  };
  const book = async (token: string, c: CenterFixture, patientId: string, hour: number) => {
    const booked = await api(token, 'POST', `${scheduling.url}/locations/${c.locationId}/appointments`, {
      patientId,
      therapyCode: 'iron',
      startsAt: c.at(hour),
    });
    expect(booked.status).toBe(201);
    return booked.body as { id: string; chairId: string };
  };
  const queue = async (token: string, c: CenterFixture, name: string) => {
    const page = await api(token, 'GET', `${scheduling.url}/locations/${c.locationId}/work-queues/${name}`);
    expect(page.status).toBe(200);
    return page.body.items as WorkItem[];
  };
  const resolve = (token: string, c: CenterFixture, name: string, item: WorkItem, outcome: string) =>
    api(token, 'POST', `${scheduling.url}/locations/${c.locationId}/work-queues/${name}/items/${item.subjectId}/resolution`, {
      itemKey: item.itemKey,
      outcome,
    });
  const textsTo = (phone: string) => sms.messages.filter((m) => m.to === phone);

  it('a text that fails for good is a failed-messages item; the resend goes through the provider once and closes it', async () => {
    const c = await center();
    const other = await center();
    const scheduler = schedulerOf(c);
    const otherScheduler = schedulerOf(other);
    const p = await patient(scheduler, ['sms']);
    const resendUrl = (locationId: string, messageId: string) =>
      `${notifications.url}/locations/${locationId}/messages/${messageId}/resend`;

    // The provider refuses the number (a 400 is not worth retrying): dead-lettered, no other channel.
    sms.failWith(400);
    let failed: WorkItem;
    let appointmentId: string;
    try {
      appointmentId = (await book(scheduler, c, p.id, 9)).id;
      failed = await until('the failed confirmation on the queue', async () =>
        (await queue(scheduler, c, 'failed-messages')).find((i) => i.appointment.id === appointmentId),
      );
      expect(failed).toMatchObject({
        detail: 'confirmation by sms, 1 attempt: sms: HTTP 400 code 30001',
        patient: { id: p.id },
        outcomes: ['patient-contacted', 'unreachable', 'no-action-needed'],
      });
      const summary = await api(scheduler, 'GET', `${scheduling.url}/locations/${c.locationId}/work-queues`);
      expect(summary.body.queues).toEqual(expect.arrayContaining([{ queue: 'failed-messages', open: 1, more: false }]));

      // Another center's scheduler: not their location (403), and not a message of theirs (404).
      expect((await api(otherScheduler, 'POST', resendUrl(c.locationId, failed.subjectId))).status).toBe(403);
      expect(
        (await api(otherScheduler, 'GET', `${scheduling.url}/locations/${c.locationId}/work-queues/failed-messages`)).status,
      ).toBe(403);
      const elsewhere = await api(otherScheduler, 'POST', resendUrl(other.locationId, failed.subjectId));
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await api(scheduler, 'POST', resendUrl(c.locationId, 'not-a-uuid'))).body.errors).toEqual([
        expect.objectContaining({ field: 'messageId' }),
      ]);
      // A reminder still waiting has not failed: nothing to resend.
      const messages = (await api(scheduler, 'GET', `${notifications.url}/appointments/${appointmentId}/messages`))
        .body as Array<{ id: string; kind: string; status: string }>;
      const reminder = messages.find((m) => m.kind === 'reminder' && m.status === 'scheduled')!;
      const notFailed = await api(scheduler, 'POST', resendUrl(c.locationId, reminder.id));
      expect(notFailed.status).toBe(409);
      expect(notFailed.body.type).toBe('/problems/message-not-failed');

      // Resent while the provider still refuses: it fails again, and that failure replaces the item.
      const again = await api(scheduler, 'POST', resendUrl(c.locationId, failed.subjectId));
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ id: failed.subjectId, status: 'scheduled', resends: 1, resentNow: true });
      const refailed = await until('the second failure on the queue', async () => {
        const items = (await queue(scheduler, c, 'failed-messages')).filter((i) => i.subjectId === failed.subjectId);
        return items.length === 1 && items[0]!.itemKey !== failed.itemKey ? items[0] : undefined;
      });
      failed = refailed;
    } finally {
      sms.failWith(undefined);
    }
    expect(textsTo(p.phone)).toEqual([]);

    const resent = await api(scheduler, 'POST', resendUrl(c.locationId, failed.subjectId));
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ status: 'scheduled', resends: 2, resentNow: true, patientId: p.id });
    // Asked twice (a double click, a retry): sent once.
    const twice = await api(scheduler, 'POST', resendUrl(c.locationId, failed.subjectId));
    expect(twice.status).toBe(202);
    expect(twice.body).toMatchObject({ resends: 2, resentNow: false });
    const text = await until('the resent confirmation text', async () => textsTo(p.phone)[0]);
    expect(text.body).toContain('Iron infusion booked');
    await until('the item to close', async () =>
      (await queue(scheduler, c, 'failed-messages')).some((i) => i.subjectId === failed.subjectId) ? undefined : true,
    );
    const resolutions = await schedulingDb.query<{ outcome: string; actor_id: string }>(
      `SELECT outcome, actor_id FROM work_item_resolution WHERE queue = 'failed-messages' AND subject_id = $1`,
      [failed.subjectId],
    );
    // Both failures' items close as resent (the first one was replaced by the second, and closes too).
    expect(resolutions).toEqual([
      { outcome: 'resent', actor_id: 'test-scheduler' },
      { outcome: 'resent', actor_id: 'test-scheduler' },
    ]);
    const row = (await api(scheduler, 'GET', `${notifications.url}/appointments/${appointmentId}/messages`)).body.find(
      (m: { id: string }) => m.id === failed.subjectId,
    );
    expect(row).toMatchObject({ status: 'sent' });
    expect((await api(scheduler, 'POST', resendUrl(c.locationId, failed.subjectId))).body).toMatchObject({
      status: 'sent',
      resentNow: false,
    });
    expect(textsTo(p.phone)).toHaveLength(1);
    // Each resend left an audit record naming the patient; the refused ones too.
    const audit = await notificationsDb.query<{ outcome: string; patient_id: string | null }>(
      `SELECT outcome, patient_id FROM audit_record WHERE resource_type = 'messages' AND action = 'update' AND resource_id = $1 ORDER BY seq`,
      [failed.subjectId],
    );
    expect(audit.filter((a) => a.outcome === 'success').every((a) => a.patient_id === p.id)).toBe(true);
    expect(audit.map((a) => a.outcome)).toEqual(expect.arrayContaining(['refused', 'success']));
  });

  it('an SMS "R" reaches the reschedule-requests queue through notifications, and the scheduler closes it', async () => {
    const c = await center();
    const scheduler = schedulerOf(c);
    const p = await patient(scheduler, ['sms']);
    const booked = await book(scheduler, c, p.id, 10);
    await until('the confirmation text', async () => textsTo(p.phone)[0]);
    await untilTextsHandedOver(notificationsDb, p.phone);
    const answer = await sms.webhook(`${notifications.url}/webhooks/sms/inbound`, DEV_SMS_AUTH_TOKEN, {
      From: p.phone,
      Body: 'R',
      AccountSid: 'ACchairsidelocal',
    });
    expect(answer.body).toContain('the center will call you');
    const item = await until('the reschedule request on the queue', async () =>
      (await queue(scheduler, c, 'reschedule-requests')).find((i) => i.appointment.id === booked.id),
    );
    expect(item).toMatchObject({ subjectId: booked.id, patient: { id: p.id }, appointment: { status: 'booked' } });
    expect(
      (
        await api(
          schedulerOf(await center()),
          'GET',
          `${scheduling.url}/locations/${c.locationId}/work-queues/reschedule-requests`,
        )
      ).status,
    ).toBe(403);
    const kept = await resolve(scheduler, c, 'reschedule-requests', item, 'kept');
    expect(kept.status).toBe(201);
    expect((await queue(scheduler, c, 'reschedule-requests')).map((i) => i.subjectId)).not.toContain(booked.id);
    expect((await resolve(scheduler, c, 'reschedule-requests', item, 'kept')).status).toBe(409);
  });

  it('a freed time offered to the waitlist is a waitlist-offers item until the scheduler has called', async () => {
    const c = await center();
    const scheduler = schedulerOf(c);
    const first = await patient(scheduler, ['sms']);
    const waiting = await patient(scheduler, ['sms']);
    const booked = await book(scheduler, c, first.id, 11);
    const joined = await api(scheduler, 'POST', `${scheduling.url}/locations/${c.locationId}/waitlist`, {
      patientId: waiting.id,
      therapyCode: 'iron',
      earliest: c.at(8),
      latest: c.at(16),
    });
    expect(joined.status).toBe(201);
    const cancelled = await api(
      scheduler,
      'POST',
      `${scheduling.url}/locations/${c.locationId}/appointments/${booked.id}/cancel`,
      {
        reason: 'center',
      },
    );
    expect(cancelled.status).toBe(200);
    const offer = await until('the offer on the queue', async () =>
      (await queue(scheduler, c, 'waitlist-offers')).find((i) => i.subjectId === joined.body.id),
    );
    expect(offer).toMatchObject({ patient: { id: waiting.id }, appointment: { status: 'proposed' } });
    expect(offer.detail).toMatch(/^offer lapses at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(offer.itemKey).toBe(offer.appointment.id);
    expect((await resolve(scheduler, c, 'waitlist-offers', offer, 'rescheduled')).body.errors).toEqual([
      expect.objectContaining({ field: 'outcome' }),
    ]);
    expect((await resolve(scheduler, c, 'waitlist-offers', offer, 'patient-contacted')).status).toBe(201);
    expect((await queue(scheduler, c, 'waitlist-offers')).map((i) => i.subjectId)).not.toContain(joined.body.id);
  });

  it('a chair taken out of service puts the appointments it holds on the chairs-out-of-service queue', async () => {
    const c = await center();
    const scheduler = schedulerOf(c);
    const p = await patient(scheduler, ['email']);
    const booked = await book(scheduler, c, p.id, 13);
    const chargeNurse = tokenFor(['charge-nurse'], [c.locationId]);
    const outage = await api(
      chargeNurse,
      'POST',
      `${scheduling.url}/locations/${c.locationId}/chairs/${booked.chairId}/outages`,
      {
        startsAt: c.at(12),
        endsAt: c.at(15),
        reason: 'pump fault',
      },
    );
    expect(outage.status).toBe(201);
    expect(outage.body.affectedAppointmentIds).toContain(booked.id);
    // The charge nurse who took the chair out works its queue (she runs the day), at her center only.
    const items = await queue(chargeNurse, c, 'chairs-out-of-service');
    const item = items.find((i) => i.subjectId === booked.id)!;
    expect(item).toMatchObject({ itemKey: outage.body.id, detail: 'pump fault', patient: { id: p.id } });
    // The scheduler may not take chairs out of service (the charge nurse's), only work the queue.
    expect(
      (
        await api(scheduler, 'POST', `${scheduling.url}/locations/${c.locationId}/chairs/${booked.chairId}/outages`, {
          startsAt: c.at(15),
          endsAt: c.at(16),
          reason: 'cleaning',
        })
      ).status,
    ).toBe(403);
    const elsewhere = tokenFor(['charge-nurse'], [randomUUID()]);
    expect(
      (await api(elsewhere, 'GET', `${scheduling.url}/locations/${c.locationId}/work-queues/chairs-out-of-service`)).status,
    ).toBe(403);
    expect((await resolve(elsewhere, c, 'chairs-out-of-service', item, 'patient-informed')).status).toBe(403);
    // A nurse without the charge role neither reads nor closes it.
    const nurse = tokenFor(['nurse'], [c.locationId]);
    expect((await api(nurse, 'GET', `${scheduling.url}/locations/${c.locationId}/work-queues`)).status).toBe(403);
    // "Confirmed" also confirms the appointment, the scheduler's act: refused to her before the item is looked up.
    expect((await resolve(chargeNurse, c, 'unconfirmed', item, 'confirmed')).status).toBe(403);
    expect((await resolve(chargeNurse, c, 'chairs-out-of-service', item, 'patient-informed')).status).toBe(201);
    // Closed for the scheduler too: one queue per center, whoever works it.
    expect((await queue(scheduler, c, 'chairs-out-of-service')).map((i) => i.subjectId)).not.toContain(booked.id);
  });
});
