import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { AppointmentAtRiskV1, buildEvent, SessionDischargedV1 } from '@chairside/contracts';
import {
  call,
  CenterFixture,
  type MailSink,
  type ServiceProcess,
  type SmsProvider,
  startMailSink,
  startSmsProvider,
  testKafka,
  produceRaw,
  testRunId,
  type TestDatabase,
  untilTextsHandedOver,
  waitFor,
  useOwnTopics,
  startOnOwnDatabase,
  stopAndDrop,
  tokenFor,
} from '@chairside/testing';
import { DEV_SMS_AUTH_TOKEN } from '@chairside/platform';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { notificationsDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'America/Chicago';

interface MessageRow {
  id: string;
  kind: string;
  offsetHours: number | null;
  channel: string;
  status: string;
  reason: string | null;
  dueAt: string;
  occurrence: string;
  locationId: string;
}

describe('notifications over real Kafka and a real SMTP server: confirmations, reminders across DST, reschedules, opt-outs, quiet hours, SMTP failures', () => {
  const restoreTopics = useOwnTopics('notify');
  afterAll(restoreTopics);
  const runId = testRunId('notify');
  let schedulingDb: TestDatabase;
  let notificationsDb: TestDatabase;
  let scheduling: ServiceProcess;
  let notifications: ServiceProcess;
  let sink: MailSink;
  let sms: SmsProvider;
  const soon = DateTime.now().setZone(ZONE).plus({ days: 10 }).startOf('day');
  // The Monday after the US spring-forward of 2027-03-14.
  const afterDst = DateTime.fromISO('2027-03-15', { zone: ZONE });

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
          NOTIFICATIONS_ADJUSTABLE_CLOCK: 'true',
          DISPATCH_INTERVAL_MS: '100',
          DISPATCH_BACKOFF_MS: '200',
          NOTIFICATIONS_MAX_ATTEMPTS: '3',
        },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([stopAndDrop(scheduling, schedulingDb), stopAndDrop(notifications, notificationsDb)]);
    await Promise.all([sink?.close(), sms?.close()]);
  });

  const center = (day: DateTime) =>
    new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 2,
      nurses: 1,
      capacity: 4,
      name: `Notify ${randomUUID().slice(0, 6)}`,
      centerAddress: '1200 W Harrison St, Chicago, IL 60607',
    });
  const patient = async (c: CenterFixture, body: Record<string, unknown> = {}): Promise<{ id: string; email: string }> => {
    const email = `rosa.${randomUUID().slice(0, 8)}@example.test`;
    const created = await c.post('/patients', {
      givenName: 'Rosa',
      familyName: 'Test',
      dateOfBirth: '1970-02-02',
      email,
      notificationConsent: true,
      ...body,
    });
    return { id: created.id, email };
  };
  const book = (c: CenterFixture, patientId: string, startsAt: string, therapyCode = 'iron') =>
    c.post(`/locations/${c.locationId}/appointments`, { patientId, therapyCode, startsAt });
  const messagesOf = (c: CenterFixture, appointmentId: string) =>
    call<MessageRow[]>('GET', `${notifications.url}/appointments/${appointmentId}/messages`, { token: c.admin }).then((r) =>
      r.status === 200 ? r.body : [],
    );
  // Generous: the first wait also covers the consumer groups joining on a broker that just started.
  const until = <T>(what: string, probe: () => Promise<T | undefined | false>) => waitFor(probe, { what, timeoutMs: 60_000 });
  const mailTo = (email: string, subject: RegExp) => sink.mails.filter((m) => m.to.includes(email) && subject.test(m.subject));

  it('confirms a booking by email with the .ics, the therapy’s preparation (fasting only where it applies) and the local time at the center', async () => {
    const c = await center(soon);
    const rosa = await patient(c);
    const booked = await book(c, rosa.id, c.at(9));
    const mail = await until('the confirmation email', async () =>
      sink.mails.find((m) => m.to.includes(rosa.email) && m.calendar?.includes(booked.id)),
    );
    const localDate = soon.setLocale('en-US').toFormat('cccc, LLLL d, yyyy');
    expect(mail.subject).toBe(`Your Iron infusion appointment on ${localDate} at 9:00 AM`);
    expect(mail.text).toContain('America/Chicago');
    expect(mail.text).toContain('1200 W Harrison St, Chicago, IL 60607');
    expect(mail.text).toContain('Drink plenty of water');
    expect(mail.text).toContain('You may usually drive home');
    expect(mail.text).not.toMatch(/Do not eat/);
    // The HTML alternative says the same, and both carry the signed link to the patient page.
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr"/i);
    expect(mail.html).toContain('1200 W Harrison St, Chicago, IL 60607');
    expect(mail.text).toMatch(
      /Confirm, cancel or see your preparation: http:\/\/127\.0\.0\.1:\d+\/p\/[0-9a-f-]{36}\.\d+\.[\w-]{22}\n/,
    );
    const utc = DateTime.fromISO(c.at(9)).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
    expect(mail.calendar).toContain(`DTSTART:${utc}`);
    expect(mail.calendar).toContain('METHOD:REQUEST');
    expect(mail.calendar).toContain(`UID:${booked.id}@chairside`);

    // A therapy the organisation marked as needing fasting says so; in Spanish for a Spanish speaker.
    const list = await call('GET', `${scheduling.url}/therapies`, { token: c.admin });
    const { code: _code, isDefault: _d, version, ...steroids } = list.body.find((t: { code: string }) => t.code === 'steroids');
    expect(
      (
        await call('PUT', `${scheduling.url}/therapies/steroids`, {
          // The catalog is the organisation's: an admin of every location changes it.
          token: c.organisationAdmin,
          body: { ...steroids, requiresFasting: true },
          headers: { 'if-match': `"${version}"` },
        })
      ).status,
    ).toBe(200);
    const lucia = await patient(c, { givenName: 'Lucía', preferredLanguage: 'es' });
    await waitFor(
      async () =>
        (
          await notificationsDb.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM directory_therapy_setting WHERE therapy_code = 'steroids'`,
          )
        )[0]!.n > 0 || undefined,
      { what: 'the catalog edit to reach notifications' },
    );
    await book(c, lucia.id, c.at(11), 'steroids');
    const spanish = await until('the Spanish confirmation', async () => sink.mails.find((m) => m.to.includes(lucia.email)));
    expect(spanish.subject).toMatch(/^Su cita de infusión de corticoides el .* a las 11:00$/);
    expect(spanish.text).toContain('No coma durante las horas previas');
    expect(spanish.text).toContain('Hola, Lucía');
  });

  it("refuses an appointment's messages to staff limited to another center (a charge nurse too), and to another organisation (404)", async () => {
    const c = await center(soon);
    const p = await patient(c);
    const booked = await book(c, p.id, c.at(11));
    const url = `${notifications.url}/appointments/${booked.id}/messages`;
    // The center's own scheduler (limited to it) reads them once notifications has planned them.
    const schedulerHere = tokenFor(['scheduler'], [c.locationId]);
    const planned = await until('the messages to be planned', async () => {
      const r = await call<MessageRow[]>('GET', url, { token: schedulerHere });
      return r.status === 200 && r.body.length > 0 ? r.body : undefined;
    });
    expect(planned.every((m) => m.locationId === c.locationId)).toBe(true);
    // The center's charge nurse reads them too (she resends from the Queues and sees how it went).
    expect((await call('GET', url, { token: tokenFor(['charge-nurse'], [c.locationId]) })).status).toBe(200);
    // A scheduler, a charge nurse and an admin limited to another center of the same organisation, and
    // an admin of every location of another organisation: answered as if the appointment had no messages at all.
    for (const token of [
      tokenFor(['scheduler'], [randomUUID()]),
      tokenFor(['charge-nurse'], [randomUUID()]),
      tokenFor(['admin'], [randomUUID()]),
      tokenFor(['admin'], '*', randomUUID()),
    ]) {
      const refused = await call('GET', url, { token });
      expect(refused.status).toBe(404);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(refused.body)).not.toContain(p.id);
    }
  });

  it('cancels the old reminders when an appointment moves, sends the change and schedules new ones', async () => {
    const c = await center(soon);
    const p = await patient(c);
    const booked = await book(c, p.id, c.at(9));
    const before = await until('the reminders to be scheduled', async () => {
      const rows = await messagesOf(c, booked.id);
      return rows.filter((r) => r.kind === 'reminder' && r.status === 'scheduled').length === 3 ? rows : undefined;
    });
    // Listed newest first (by when each is due): the 2-hour reminder, then the day before, then three days before.
    expect(before.filter((r) => r.kind === 'reminder').map((r) => r.offsetHours)).toEqual([2, 24, 72]);
    const confirmation = await until('the confirmation email', async () =>
      sink.mails.find((m) => /^Your .* appointment on .* at 9:00 AM$/.test(m.subject) && m.calendar?.includes(booked.id)),
    );
    const moved = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments/${booked.id}/reschedule`, {
      token: c.admin,
      body: { startsAt: c.at(14) },
    });
    expect(moved.status).toBe(200);
    const after = await until('the new reminders', async () => {
      const rows = await messagesOf(c, booked.id);
      return rows.filter((r) => r.kind === 'reminder' && r.status === 'scheduled').length === 3 &&
        rows.some((r) => r.kind === 'reschedule' && r.status === 'sent')
        ? rows
        : undefined;
    });
    const old = after.filter((r) => r.kind === 'reminder' && r.occurrence === new Date(c.at(9)).toISOString());
    expect(old.map((r) => [r.status, r.reason])).toEqual([
      ['cancelled', 'rescheduled'],
      ['cancelled', 'rescheduled'],
      ['cancelled', 'rescheduled'],
    ]);
    const fresh = after.filter((r) => r.kind === 'reminder' && r.status === 'scheduled');
    expect(fresh.find((r) => r.offsetHours === 2)!.dueAt).toBe(DateTime.fromISO(c.at(12)).toUTC().toISO());
    const notice = await until('the reschedule email', async () =>
      sink.mails.find((m) => m.subject.includes('has moved') && m.calendar?.includes(booked.id)),
    );
    expect(notice.text).toMatch(/moved from .* to .*2:00 PM/);
    // The calendar entry is updated in place: the same UID, the new time, a higher SEQUENCE than the
    // confirmation's, so calendars replace the 9:00 entry instead of adding a second one.
    const sequenceOf = (ics: string | null | undefined) => Number(/^SEQUENCE:(\d+)\r?$/m.exec(ics ?? '')?.[1]);
    expect(notice.calendar).toContain('METHOD:REQUEST');
    expect(notice.calendar).toContain(`UID:${booked.id}@chairside`);
    expect(notice.calendar).toContain(`DTSTART:${DateTime.fromISO(c.at(14)).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
    expect(sequenceOf(confirmation.calendar)).toBeGreaterThanOrEqual(0);
    expect(sequenceOf(notice.calendar)).toBeGreaterThan(sequenceOf(confirmation.calendar));
  });

  it('respects opt-outs (also ones made after booking) and quiet hours', async () => {
    const c = await center(soon);
    const optedOut = await patient(c, {
      preferences: { channels: ['email'], optOutKinds: ['reminder'], quietHours: null, timeZone: null },
    });
    const a = await book(c, optedOut.id, c.at(10));
    const rows = await until('the plan', async () =>
      (await messagesOf(c, a.id)).length === 4 ? messagesOf(c, a.id) : undefined,
    );
    expect(rows.filter((r) => r.kind === 'reminder').map((r) => [r.status, r.reason])).toEqual([
      ['suppressed', 'opted-out'],
      ['suppressed', 'opted-out'],
      ['suppressed', 'opted-out'],
    ]);

    const night = await patient(c, {
      preferences: { channels: ['email'], optOutKinds: [], quietHours: { start: '21:00', end: '09:00' }, timeZone: ZONE },
    });
    const b = await book(c, night.id, c.at(10, 30));
    const planned = await until('the quiet-hours plan', async () =>
      (await messagesOf(c, b.id)).filter((r) => r.kind === 'reminder').length === 3 ? messagesOf(c, b.id) : undefined,
    );
    // Wanted at 08:30, inside 21:00–09:00: 09:00 is still before the 10:30 start.
    expect(planned.find((r) => r.offsetHours === 2)!.dueAt).toBe(DateTime.fromISO(c.at(9)).toUTC().toISO());

    // Opting out later withdraws what is already scheduled.
    const later = await patient(c);
    const d = await book(c, later.id, c.at(13));
    await until(
      'reminders scheduled',
      async () => (await messagesOf(c, d.id)).filter((r) => r.status === 'scheduled').length === 3 || undefined,
    );
    const put = await call('PUT', `${scheduling.url}/patients/${later.id}/contact`, {
      token: c.admin,
      body: {
        email: 'later@example.test',
        preferredLanguage: 'en',
        preferredChannel: 'email',
        notificationConsent: true,
        preferences: { channels: ['email'], optOutKinds: ['reminder'], quietHours: null, timeZone: null },
      },
    });
    expect(put.status).toBe(200);
    const withdrawn = await until('the withdrawal', async () => {
      const r = await messagesOf(c, d.id);
      return r.filter((m) => m.kind === 'reminder' && m.status === 'cancelled').length === 3 ? r : undefined;
    });
    expect(withdrawn.filter((m) => m.kind === 'reminder').every((m) => m.reason === 'opted-out')).toBe(true);
  });

  it('retries a refusing SMTP server with backoff, then falls over to SMS, or dead-letters when there is no other channel', async () => {
    const c = await center(soon);
    const both = await patient(c, {
      phone: '+13125550142',
      preferences: { channels: ['email', 'sms'], optOutKinds: [], quietHours: null, timeZone: null },
    });
    const emailOnly = await patient(c);
    sink.refuseWith(451);
    try {
      const a = await book(c, both.id, c.at(9));
      const b = await book(c, emailOnly.id, c.at(11));
      const fellOver = await until('the fallback SMS', async () =>
        sms.messages.find((m) => m.to === '+13125550142' && m.body.includes('booked')),
      );
      expect(fellOver.body).toContain('Reply C to confirm');
      const rowsA = await until('the failed email and the sent SMS', async () => {
        const r = (await messagesOf(c, a.id)).filter((m) => m.kind === 'confirmation');
        return r.some((m) => m.channel === 'sms' && m.status === 'sent') ? r : undefined;
      });
      expect(rowsA.find((m) => m.channel === 'email')).toMatchObject({ status: 'failed', reason: 'smtp: 451' });
      const rowsB = await until('the dead-lettered email', async () => {
        const r = (await messagesOf(c, b.id)).filter((m) => m.kind === 'confirmation');
        return r[0]?.status === 'failed' ? r : undefined;
      });
      expect(rowsB).toHaveLength(1);
      const failed = await notificationsDb.query<{ payload: string }>(
        `SELECT payload FROM outbox WHERE event_type = 'chairside.notifications.message.failed.v1'`,
      );
      const events = failed.map((f) => JSON.parse(f.payload).data);
      expect(events.find((e) => e.appointmentId === a.id)).toMatchObject({
        attempts: 3,
        channel: 'email',
        fallbackMessageId: expect.any(String),
      });
      expect(events.find((e) => e.appointmentId === b.id)).toMatchObject({ attempts: 3, channel: 'email' });
      expect(events.find((e) => e.appointmentId === b.id).fallbackMessageId).toBeUndefined();
      for (const e of events) expect(JSON.stringify(e)).not.toMatch(/@example\.test|\+1312/);
    } finally {
      sink.refuseWith(undefined);
    }
  });

  it('takes SMS replies: C confirms in scheduling, R asks to move, STOP stops texts; delivery callbacks and bad signatures', async () => {
    const c = await center(soon);
    const phone = `+1312555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    const p = await patient(c, { phone, preferences: { channels: ['sms'], optOutKinds: [], quietHours: null, timeZone: null } });
    const booked = await book(c, p.id, c.at(9));
    const text = await until('the confirmation text', async () => sms.messages.find((m) => m.to === phone));
    expect(text.body).toMatch(/^Notify .*: Iron infusion booked .* 9:00 AM\. .*Reply C to confirm/);
    await untilTextsHandedOver(notificationsDb, phone);
    const inbound = `${notifications.url}/webhooks/sms/inbound`;
    expect((await sms.webhook(inbound, DEV_SMS_AUTH_TOKEN, { From: phone, Body: 'C' }, 'forged')).status).toBe(403);
    const answer = await sms.webhook(inbound, DEV_SMS_AUTH_TOKEN, {
      From: phone,
      Body: ' yes ',
      MessageSid: 'SMinbound1',
      AccountSid: 'ACchairsidelocal',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<Message>Thank you, your appointment is confirmed.</Message>');
    const appointmentUrl = `${scheduling.url}/locations/${c.locationId}/appointments/${booked.id}`;
    await until(
      'scheduling to record the confirmation',
      async () => (await call('GET', appointmentUrl, { token: c.admin })).body.confirmedAt ?? undefined,
    );
    expect((await sms.webhook(inbound, DEV_SMS_AUTH_TOKEN, { From: phone, Body: 'R' })).body).toContain(
      'the center will call you',
    );
    await until(
      'the reschedule request',
      async () => (await call('GET', appointmentUrl, { token: c.admin })).body.rescheduleRequestedAt ?? undefined,
    );

    const [confirmation] = (await messagesOf(c, booked.id)).filter((m) => m.kind === 'confirmation');
    const sid = sms.messages.find((m) => m.to === phone)!.sid;
    expect(
      (
        await sms.webhook(`${notifications.url}/webhooks/sms/status`, DEV_SMS_AUTH_TOKEN, {
          MessageSid: sid,
          MessageStatus: 'delivered',
        })
      ).status,
    ).toBe(204);
    await until('the delivered state', async () =>
      (await messagesOf(c, booked.id)).find((m) => m.id === confirmation!.id && m.status === 'delivered'),
    );

    expect((await sms.webhook(inbound, DEV_SMS_AUTH_TOKEN, { From: phone, Body: 'STOP' })).body).toContain(
      'no more text messages',
    );
    const second = await book(c, p.id, c.at(14));
    const suppressed = await until('the next text to be suppressed', async () =>
      (await messagesOf(c, second.id)).find((m) => m.kind === 'confirmation' && m.status === 'suppressed'),
    );
    expect(suppressed.reason).toBe('opted-out');
  });

  it('sends a delay notice when an earlier session overruns, and the next day a follow-up about side effects', async () => {
    const c = await center(soon);
    const p = await patient(c);
    const booked = await book(c, p.id, c.at(13));
    await until('the confirmation', async () => sink.mails.find((m) => m.to.includes(p.email)));
    const ref = {
      appointmentId: booked.id,
      locationId: c.locationId,
      patientId: p.id,
      therapyCode: 'iron' as const,
      chairId: booked.chairId,
      nurseId: booked.nurseId,
      startsAt: booked.startsAt,
      endsAt: booked.endsAt,
      timeZone: ZONE,
      localStart: c.at(13).slice(0, 19),
    };
    const projected = DateTime.fromISO(c.at(13, 40)).toUTC().toISO()!;
    // As scheduling publishes it when a session before this one is projected to overrun (tested in scheduling).
    const atRisk = buildEvent(
      AppointmentAtRiskV1,
      {
        ...ref,
        cause: 'chair_overrun',
        overrunAppointmentId: booked.id,
        projectedStartsAt: projected,
        localProjectedStart: c.at(13, 40).slice(0, 19),
        delayMinutes: 40,
        detectedAt: new Date().toISOString(),
      },
      { aggregateId: booked.id, aggregateSequence: 50, correlationId: randomUUID(), locationId: c.locationId },
    );
    await produceRaw(testKafka(), AppointmentAtRiskV1.topic.name, [{ key: booked.id, value: JSON.stringify(atRisk) }]);
    const delay = await until('the delay notice', async () =>
      sink.mails.find((m) => m.to.includes(p.email) && m.subject.startsWith('Running late')),
    );
    expect(delay.text).toContain('about 40 minutes late');
    expect(delay.text).toContain('around 1:40 PM');

    // The patient leaves at 15:10 local; the follow-up is due the next day at 10:00 at the center.
    const dischargedAt = DateTime.fromISO(c.at(15, 10)).toUTC().toISO()!;
    const discharged = buildEvent(
      SessionDischargedV1,
      {
        appointmentId: booked.id,
        locationId: c.locationId,
        patientId: p.id,
        therapyCode: 'iron',
        chairId: booked.chairId,
        nurseId: booked.nurseId,
        actorId: 'nurse-1',
        occurredAt: dischargedAt,
        plannedEndsAt: booked.endsAt,
        actualEndsAt: dischargedAt,
        mayDrive: true,
        escortRequired: false,
        stoppedEarly: false,
      },
      { aggregateId: booked.id, aggregateSequence: 9, correlationId: randomUUID(), locationId: c.locationId },
    );
    await produceRaw(testKafka(), SessionDischargedV1.topic.name, [{ key: booked.id, value: JSON.stringify(discharged) }]);
    const followUp = await until('the follow-up', async () =>
      (await messagesOf(c, booked.id)).find((m) => m.kind === 'follow-up'),
    );
    expect(followUp).toMatchObject({
      status: 'scheduled',
      channel: 'email',
      dueAt: soon.plus({ days: 1 }).set({ hour: 10 }).toUTC().toISO(),
    });
    await call('PUT', `${notifications.url}/test/clock`, {
      // The clock is the organisation's: an admin of every location moves it.
      token: c.organisationAdmin,
      body: { now: DateTime.fromISO(followUp.dueAt).plus({ seconds: 1 }).toISO() },
    });
    const mail = await until('the follow-up email', async () =>
      sink.mails.find((m) => m.to.includes(p.email) && m.subject.startsWith('How are you feeling')),
    );
    expect(mail.text).toMatch(/tiredness, a headache, nausea or discomfort where the needle was/);
    expect(mail.text).toMatch(/Call Notify [0-9a-f]{6} if they do not/);
  });

  it('fires the 72, 24 and 2 hour reminders at the right instants across a DST change, each once (moved clock)', async () => {
    const c = await center(afterDst);
    const p = await patient(c);
    const booked = await book(c, p.id, c.at(9));
    const email = p.email;
    const rows = await until('the reminders', async () =>
      (await messagesOf(c, booked.id)).filter((r) => r.kind === 'reminder').length === 3 ? messagesOf(c, booked.id) : undefined,
    );
    const due = Object.fromEntries(rows.filter((r) => r.kind === 'reminder').map((r) => [r.offsetHours, r.dueAt]));
    // Friday 09:00 CST (UTC-6), Sunday 09:00 CDT (UTC-5, DST began at 02:00 that day), Monday 07:00 CDT.
    expect(due).toEqual({ 72: '2027-03-12T15:00:00.000Z', 24: '2027-03-14T14:00:00.000Z', 2: '2027-03-15T12:00:00.000Z' });

    // The clock is the organisation's: an admin of every location moves it.
    const move = (iso: string) =>
      call('PUT', `${notifications.url}/test/clock`, { token: c.organisationAdmin, body: { now: iso } });
    const reminders = () => mailTo(email, /^Reminder: Iron infusion/);
    // The clock is one organisation's: another organisation's admin moving theirs past every reminder
    // fires none of ours, and an admin limited to one location may not move it at all.
    const foreignAdmin = tokenFor(['admin'], '*', randomUUID());
    const moved = await call('PUT', `${notifications.url}/test/clock`, {
      token: foreignAdmin,
      body: { now: '2027-03-16T00:00:00Z' },
    });
    expect(moved).toMatchObject({ status: 200, body: { now: expect.stringMatching(/^2027-03-16/) } });
    const limitedAdmin = tokenFor(['admin'], [c.locationId]);
    expect(
      (await call('PUT', `${notifications.url}/test/clock`, { token: limitedAdmin, body: { now: '2027-03-16T00:00:00Z' } }))
        .status,
    ).toBe(403);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(reminders()).toHaveLength(0);
    expect((await move('2027-03-12T14:59:00Z')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(reminders()).toHaveLength(0);
    for (const [instant, count] of [
      ['2027-03-12T15:00:01Z', 1],
      ['2027-03-14T14:00:01Z', 2],
      ['2027-03-15T12:00:01Z', 3],
    ] as const) {
      await move(instant);
      await until(`${count} reminder(s)`, async () => reminders().length === count || undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(reminders()).toHaveLength(3);
    const final = await messagesOf(c, booked.id);
    expect(final.filter((r) => r.kind === 'reminder').map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(reminders()[0]!.text).toContain('Monday, March 15, 2027 at 9:00 AM');
  });
});
