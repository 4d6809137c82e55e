import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import {
  call,
  CenterFixture,
  type MailSink,
  type ServiceProcess,
  startMailSink,
  startOnOwnDatabase,
  startSmsProvider,
  type SmsProvider,
  stopAndDrop,
  testRunId,
  type TestDatabase,
  TEST_ORGANISATION_ID,
  tokenFor,
  useOwnTopics,
  waitFor,
} from '@chairside/testing';
import { seriousViolations } from '../../console/test/accessibility.js';
import { openChromium, type SignedIn } from '../../console/test/browser.js';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { notificationsDataSourceOptions } from '../src/database/data-source.js';
import { signPatientLink } from '../src/patient-page/patient-link.js';

const ZONE = 'America/Chicago';
const LINK_KEY = `patient-page-test-key-${randomUUID()}`;
const SCREENSHOTS = fileURLToPath(new URL('../../../docs/notifications/', import.meta.url));

/**
 * The patient page as a patient uses it: the link from a real email (real SMTP on loopback), opened
 * in a real Chromium at phone size (390×844), against the notifications and scheduling services
 * over Kafka. Confirm, cancel (after the question) and take a held time, each reaching scheduling;
 * an expired or altered link refused; axe-core on every page.
 */
describe('the patient page on a phone: confirm, cancel, take an offer; expired and altered links refused', () => {
  const restoreTopics = useOwnTopics('ppage');
  afterAll(restoreTopics);
  const runId = testRunId('ppage');
  let schedulingDb: TestDatabase;
  let notificationsDb: TestDatabase;
  let scheduling: ServiceProcess;
  let notifications: ServiceProcess;
  let sink: MailSink;
  let sms: SmsProvider;
  let phone: SignedIn;
  let c: CenterFixture;
  const day = DateTime.now().setZone(ZONE).plus({ days: 10 }).startOf('day');

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [sink, sms] = await Promise.all([startMailSink(), startSmsProvider()]);
    [{ db: schedulingDb, service: scheduling }, { db: notificationsDb, service: notifications }] = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({
        service: 'notifications',
        runId,
        dataSourceOptions: notificationsDataSourceOptions,
        env: { SMTP_PORT: String(sink.port), SMS_API_URL: sms.url, DISPATCH_INTERVAL_MS: '100', PATIENT_LINK_KEY: LINK_KEY },
      }),
    ]);
    c = await new CenterFixture(scheduling.url, ZONE, day).create({
      // One chair: a cancellation frees the only chair at that time, which is what the waitlist is offered.
      chairs: 1,
      nurses: 1,
      capacity: 4,
      name: `Page ${randomUUID().slice(0, 6)}`,
    });
    phone = await openChromium({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await phone?.close();
    await Promise.all([stopAndDrop(scheduling, schedulingDb), stopAndDrop(notifications, notificationsDb)]);
    await Promise.all([sink?.close(), sms?.close()]);
  });

  const until = <T>(what: string, probe: () => Promise<T | undefined | false>) => waitFor(probe, { what, timeoutMs: 60_000 });
  // The scheduler of this one center: the least privileged user who reads appointments and keeps the waitlist.
  const scheduler = () => tokenFor(['scheduler'], [c.locationId]);
  const api = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    call(method, `${scheduling.url}/locations/${c.locationId}${path}`, { token: scheduler(), ...(body ? { body } : {}) });
  const patient = async () => {
    const email = `pat.${randomUUID().slice(0, 8)}@example.test`;
    const created = await c.post('/patients', {
      givenName: 'Rosa',
      familyName: 'Test',
      dateOfBirth: '1970-02-02',
      email,
      phone: `+1312555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`,
      notificationConsent: true,
      preferences: { channels: ['email'], optOutKinds: [], quietHours: null, timeZone: null },
    });
    return { id: created.id as string, email };
  };
  const book = async (hour: number) => {
    const p = await patient();
    const appointment = await c.post(`/locations/${c.locationId}/appointments`, {
      patientId: p.id,
      therapyCode: 'iron',
      startsAt: c.at(hour),
    });
    return { ...p, appointmentId: appointment.id as string };
  };
  /** The page link of the patient's email whose subject starts so, from its HTML part (the button). */
  const linkIn = async (email: string, subject: string) => {
    const mail = await until(`the email "${subject}…"`, async () =>
      sink.mails.find((m) => m.to.includes(email) && m.subject.startsWith(subject)),
    );
    const href = /<a class="action" href="([^"]+)"/.exec(mail.html ?? '')?.[1]?.replace(/&#x3D;/g, '=');
    expect(href).toMatch(new RegExp(`^${notifications.url}/p/[0-9a-f-]{36}\\.\\d+\\.[A-Za-z0-9_-]{22}$`));
    // The same link in the plain-text part, for mail programs that show only text.
    expect(mail.text).toContain(href!);
    return href!;
  };
  const noSeriousViolations = async () => expect(await seriousViolations(phone.page)).toEqual([]);
  /** The patient's audit records in notifications, oldest first. */
  const auditOf = (patientId: string) =>
    notificationsDb.query<Record<string, unknown>>(
      `SELECT actor_subject, organisation_id, resource_type, resource_id, patient_id, action, outcome, status, route
         FROM audit_record WHERE patient_id = $1 ORDER BY seq`,
      [patientId],
    );
  const messageOf = (link: string) => link.split('/p/')[1]!.split('.')[0]!;

  it('confirms from the confirmation email: the page shows time, place and preparation, and scheduling records the confirmation', async () => {
    const p = await book(9);
    const link = await linkIn(p.email, 'Your Iron infusion appointment');
    const { page } = phone;
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Your Iron infusion appointment');
    const text = await page.locator('main').innerText();
    expect(text).toContain('9:00 AM');
    expect(text).toContain(`(${ZONE})`);
    expect(text).toContain('Before your visit');
    expect(text).toContain('Drink plenty of water');
    // Nothing else about the patient: not even their name or address.
    expect(text).not.toContain('Rosa');
    expect(text).not.toContain(p.email);
    await noSeriousViolations();
    await page.screenshot({ path: `${SCREENSHOTS}patient-page.png`, fullPage: true });

    await page.getByRole('button', { name: 'Confirm I will come' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('your appointment is confirmed');
    await noSeriousViolations();
    const confirmed = await until('scheduling to record the confirmation', async () => {
      const a = (await api('GET', `/appointments/${p.appointmentId}`)).body as { confirmedAt: string | null };
      return a.confirmedAt ?? undefined;
    });
    expect(confirmed).toBeTruthy();

    // One audit record for the look and one for the answer: no login stands behind the page, so the
    // actor is the link (the message it came in); the organisation's privacy officer finds both.
    const actor = `patient-link:${messageOf(link)}`;
    const expected = [
      { action: 'read', route: 'GET /p/:token' },
      { action: 'update', route: 'POST /p/:token/:answer' },
    ].map((r) => ({
      actor_subject: actor,
      organisation_id: TEST_ORGANISATION_ID,
      resource_type: 'appointment',
      resource_id: p.appointmentId,
      patient_id: p.id,
      outcome: 'success',
      status: 200,
      ...r,
    }));
    expect(await auditOf(p.id)).toEqual(expected);
    const from = new Date(Date.now() - 3600_000).toISOString();
    const trail = await call('GET', `${notifications.url}/audit?patientId=${p.id}&from=${from}`, {
      // Notifications' trail has no per-patient location scope yet: only an organisation-wide reader.
      token: tokenFor(['privacy-officer'], '*'),
    });
    expect(trail.status).toBe(200);
    expect((trail.body as { records: Array<{ actorSubject: string; action: string }> }).records).toEqual([
      expect.objectContaining({ actorSubject: actor, action: 'update' }),
      expect.objectContaining({ actorSubject: actor, action: 'read' }),
    ]);
    // The answer's event names the same actor.
    const [event] = await notificationsDb.query<{ payload: string }>(
      `SELECT payload FROM outbox WHERE payload::jsonb->>'type' LIKE '%.reply.received.v1' AND payload::jsonb->'data'->>'appointmentId' = $1`,
      [p.appointmentId],
    );
    expect(JSON.parse(event!.payload)).toMatchObject({ actor });
  });

  it('cancels only after asking, and scheduling cancels the appointment', async () => {
    const p = await book(11);
    const link = await linkIn(p.email, 'Your Iron infusion appointment');
    const { page } = phone;
    await page.goto(link);
    await page.getByRole('link', { name: 'Cancel this appointment' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Do you want to cancel this appointment?');
    // Ten days away: not a late cancellation.
    expect(await page.locator('main').innerText()).not.toContain('late cancellation');
    await noSeriousViolations();
    await page.screenshot({ path: `${SCREENSHOTS}patient-page-cancel.png`, fullPage: true });
    // Asking is not cancelling.
    expect(((await api('GET', `/appointments/${p.appointmentId}`)).body as { status: string }).status).toBe('booked');

    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Your cancellation was received');
    await until('scheduling to cancel the appointment', async () => {
      const a = (await api('GET', `/appointments/${p.appointmentId}`)).body as { status: string };
      return a.status === 'cancelled';
    });
    await until('the page to show it cancelled', async () => {
      await page.goto(link);
      return (await page.locator('main').innerText()).includes('This appointment is cancelled');
    });
    expect(await page.getByRole('button', { name: 'Confirm I will come' }).count()).toBe(0);
  });

  it('asks for another time (scheduling records the request) and adds the appointment to the calendar', async () => {
    const p = await book(12);
    const link = await linkIn(p.email, 'Your Iron infusion appointment');
    const { page } = phone;
    await page.goto(link);
    await page.getByRole('button', { name: 'Ask for another time' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('the center will call you');
    await noSeriousViolations();
    const requested = await until('scheduling to record the request for another time', async () => {
      const a = (await api('GET', `/appointments/${p.appointmentId}`)).body as { rescheduleRequestedAt: string | null };
      return a.rescheduleRequestedAt ?? undefined;
    });
    expect(Date.parse(requested)).toBeLessThanOrEqual(Date.now());
    // Asking is not moving: the appointment keeps its time until the center finds another.
    expect((await api('GET', `/appointments/${p.appointmentId}`)).body).toMatchObject({ status: 'booked', startsAt: c.at(12) });

    // "Add to my calendar": the invitation for this appointment, at its time.
    const ics = await page.request.get(`${link}/calendar.ics`);
    expect(ics.status()).toBe(200);
    expect(ics.headers()['content-type']).toMatch(/^text\/calendar/);
    const entry = await ics.text();
    expect(entry).toContain('METHOD:REQUEST');
    expect(entry).toContain(`UID:${p.appointmentId}@chairside`);
    expect(entry).toContain(`DTSTART:${DateTime.fromISO(c.at(12)).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
    expect(entry).toContain('STATUS:CONFIRMED');
  });

  it('takes a held waitlist offer from its email, and the held time is booked', async () => {
    const freed = await book(14);
    const waiting = await patient();
    const joined = await api('POST', '/waitlist', {
      patientId: waiting.id,
      therapyCode: 'iron',
      earliest: c.at(8),
      latest: c.at(17),
    });
    expect(joined.status).toBe(201);
    expect((await api('POST', `/appointments/${freed.appointmentId}/cancel`, { reason: 'center' })).status).toBe(200);
    const link = await linkIn(waiting.email, 'A time opened');
    // The email is about a hold that exists: the request holds it until the patient takes it or it lapses.
    const request = (
      (await api('GET', '/waitlist')).body as Array<{ id: string; status: string; offeredAppointmentId: string | null }>
    ).find((w) => w.id === joined.body.id);
    expect(request).toMatchObject({ status: 'offered', offeredAppointmentId: expect.any(String) });
    const offered = request!.offeredAppointmentId!;
    expect((await api('GET', `/appointments/${offered}`)).body).toMatchObject({
      status: 'proposed',
      holdExpiresAt: expect.any(String),
    });
    const { page } = phone;
    await page.goto(link);
    await expect(page.locator('h2').first().textContent()).resolves.toBe('A time opened for you');
    expect(await page.locator('main').innerText()).toContain('2:00 PM');
    await noSeriousViolations();
    await page.screenshot({ path: `${SCREENSHOTS}patient-page-offer.png`, fullPage: true });

    await page.getByRole('button', { name: 'Take this time' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('The time is yours');
    await until('scheduling to book the held time', async () => {
      const list = (await api('GET', '/waitlist')).body as Array<{ id: string }>;
      return !list.some((w) => w.id === joined.body.id);
    });
    expect(((await api('GET', `/appointments/${offered}`)).body as { status: string }).status).toBe('booked');
    // A second tap is not a second booking: the page says it can no longer be done.
    const again = await page.request.post(`${link}/take`);
    expect(again.status()).toBe(409);
  });

  it('refuses an expired link (410) and an altered one (404), each with a page that says what to do', async () => {
    const p = await book(16);
    const link = await linkIn(p.email, 'Your Iron infusion appointment');
    const [, token] = link.split('/p/') as [string, string];
    const messageId = token.split('.')[0]!;
    const { page } = phone;

    const expired = signPatientLink(LINK_KEY, { messageId, expiresAt: new Date(Date.now() - 60_000) });
    const expiredAnswer = await page.goto(`${notifications.url}/p/${expired}`);
    expect(expiredAnswer?.status()).toBe(410);
    await expect(page.locator('h1').textContent()).resolves.toBe('This link has expired');
    await noSeriousViolations();
    expect((await page.request.post(`${notifications.url}/p/${expired}/confirm`)).status()).toBe(410);

    // One character of the signature changed; then a later expiry with the old signature.
    const mac = token.slice(-22);
    const flipped = `${token.slice(0, -22)}${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    const [id, seconds] = token.split('.') as [string, string];
    for (const altered of [flipped, `${id}.${Number(seconds) + 86_400}.${mac}`]) {
      const answer = await page.goto(`${notifications.url}/p/${altered}`);
      expect(answer?.status()).toBe(404);
      await expect(page.locator('h1').textContent()).resolves.toBe('This link does not work');
      await noSeriousViolations();
      expect((await page.request.post(`${notifications.url}/p/${altered}/cancel`)).status()).toBe(404);
    }
    await page.screenshot({ path: `${SCREENSHOTS}patient-page-refused.png`, fullPage: true });
    // The expired link is recorded as refused, once for the look and once for the answer; the altered ones reach no one.
    expect(await auditOf(p.id)).toEqual(
      [
        { action: 'read', route: 'GET /p/:token' },
        { action: 'update', route: 'POST /p/:token/:answer' },
      ].map((r) =>
        expect.objectContaining({ actor_subject: `patient-link:${messageId}`, outcome: 'refused', status: 410, ...r }),
      ),
    );
    // Nothing was answered through the refused links.
    expect(
      (await api('GET', `/appointments/${p.appointmentId}`)).body as { status: string; confirmedAt: string | null },
    ).toMatchObject({
      status: 'booked',
      confirmedAt: null,
    });
  });
});
