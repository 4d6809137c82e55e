import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  call,
  CenterFixture,
  type MailSink,
  type ServiceProcess,
  type SmsProvider,
  startMailSink,
  startSmsProvider,
  testRunId,
  type TestDatabase,
  waitFor,
  useOwnTopics,
  startOnOwnDatabase,
  stopAndDrop,
  tokenFor,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { notificationsDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'America/Chicago';

// Issue 17, item 6: an organisation adds a therapy of its own (an admin of one center), its staff
// read it, a scheduler of that center finds slots for it and books it, and the patient's
// confirmation advises the therapy's own preparation, in English and in Spanish. Through the
// public APIs and Kafka only.
describe('a therapy the organisation defines, from the catalog to the patient’s confirmation', () => {
  const restoreTopics = useOwnTopics('owntherapy');
  afterAll(restoreTopics);
  const runId = testRunId('owntherapy');
  let schedulingDb: TestDatabase;
  let notificationsDb: TestDatabase;
  let scheduling: ServiceProcess;
  let notifications: ServiceProcess;
  let sink: MailSink;
  let sms: SmsProvider;
  const day = DateTime.now().setZone(ZONE).plus({ days: 9 }).startOf('day');

  beforeAll(async () => {
    [sink, sms] = await Promise.all([startMailSink(), startSmsProvider()]);
    [{ db: schedulingDb, service: scheduling }, { db: notificationsDb, service: notifications }] = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({
        service: 'notifications',
        runId,
        dataSourceOptions: notificationsDataSourceOptions,
        env: { SMTP_PORT: String(sink.port), SMS_API_URL: sms.url, DISPATCH_INTERVAL_MS: '100' },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([stopAndDrop(scheduling, schedulingDb), stopAndDrop(notifications, notificationsDb)]);
    await Promise.all([sink?.close(), sms?.close()]);
  });

  const definition = (code: string) => ({
    code,
    name: 'Ocrelizumab infusion',
    countedAs: 'biologics',
    defaultDurationMinutes: 150,
    minDurationMinutes: 120,
    maxDurationMinutes: 270,
    routes: ['iv'],
    chairKinds: ['recliner'],
    certification: 'infusion',
    pharmacyLeadMinutes: 60,
    observationMinutes: 60,
    turnoverMinutes: 20,
    vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 },
    preparation: {
      fasting: true,
      labsDayBefore: true,
      premedication: true,
      hydration: true,
      bringCompanion: true,
      mayDrive: false,
    },
  });

  it('is defined by an admin of one center, read by its nurse, refused when bad, booked by its scheduler, and advised to the patient in en and es', async () => {
    // The center itself is set up by the fixture; everything under test acts with one-center grants.
    const c = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 2,
      nurses: 1,
      capacity: 2,
      name: 'Own therapy',
    });
    const admin = tokenFor(['admin'], [c.locationId], undefined, 'own-therapy-admin');
    const scheduler = tokenFor(['scheduler'], [c.locationId], undefined, 'own-therapy-scheduler');
    const nurse = tokenFor(['nurse'], [c.locationId], undefined, 'own-therapy-nurse');
    const code = `ocrelizumab-${randomUUID().slice(0, 6)}`;

    // Bad input: 400 problem+json naming the field.
    const builtIn = await call('POST', `${scheduling.url}/organisation-therapies`, { token: admin, body: definition('iron') });
    expect(builtIn.status).toBe(400);
    expect(builtIn.headers.get('content-type')).toContain('application/problem+json');
    expect(builtIn.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
    const noCompanion = definition(code) as Record<string, unknown>;
    noCompanion.preparation = { fasting: true };
    const missing = await call('POST', `${scheduling.url}/organisation-therapies`, { token: admin, body: noCompanion });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining([expect.stringContaining('bringCompanion')]),
    );
    const badRange = await call('POST', `${scheduling.url}/organisation-therapies`, {
      token: admin,
      body: { ...definition(code), defaultDurationMinutes: 300 },
    });
    expect(badRange.status).toBe(400);
    expect(badRange.body.errors).toEqual([expect.objectContaining({ field: 'defaultDurationMinutes' })]);
    // Only an admin adds to the catalog.
    expect(
      (await call('POST', `${scheduling.url}/organisation-therapies`, { token: scheduler, body: definition(code) })).status,
    ).toBe(403);

    const created = await call('POST', `${scheduling.url}/organisation-therapies`, { token: admin, body: definition(code) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, countedAs: 'biologics', version: 1, preparation: { bringCompanion: true } });
    const therapyId = created.body.id as string;
    const again = await call('POST', `${scheduling.url}/organisation-therapies`, { token: admin, body: definition(code) });
    expect(again.status).toBe(409);
    expect(again.body.therapyId).toBe(therapyId);

    // Staff limited to one center read the catalog.
    const listed = await call('GET', `${scheduling.url}/organisation-therapies`, { token: nurse });
    expect(listed.status).toBe(200);
    expect(listed.body.map((t: { id: string }) => t.id)).toContain(therapyId);
    const one = await call('GET', `${scheduling.url}/organisation-therapies/${therapyId}`, { token: scheduler });
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe('"1"');
    // Revising it changes how every center books it: not for the admin of one center.
    const { code: _code, ...values } = definition(code);
    const revise = await call('PUT', `${scheduling.url}/organisation-therapies/${therapyId}`, {
      token: admin,
      headers: { 'if-match': '"1"' },
      body: values,
    });
    expect(revise.status).toBe(403);
    expect(revise.headers.get('content-type')).toContain('application/problem+json');

    // The scheduler registers patients at her center, searches and books with the therapy's id.
    const register = async (givenName: string, preferredLanguage: string) => {
      const email = `${givenName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`;
      const r = await call('POST', `${scheduling.url}/patients`, {
        token: scheduler,
        body: {
          givenName,
          familyName: 'Test',
          dateOfBirth: '1971-03-04',
          email,
          notificationConsent: true,
          preferredLanguage,
          locationId: c.locationId,
        },
      });
      expect(r.status).toBe(201);
      return { id: r.body.id as string, email };
    };
    const rosa = await register('Rosa', 'en');
    const lucia = await register('Lucia', 'es');

    const slots = await call(
      'GET',
      `${scheduling.url}/locations/${c.locationId}/slots?therapyId=${therapyId}&patientId=${rosa.id}&from=${encodeURIComponent(c.at(8))}&to=${encodeURIComponent(c.at(18))}&limit=50`,
      { token: scheduler },
    );
    expect(slots.status).toBe(200);
    // 150 minutes of infusion and 60 of observation: the stay must end by closing (18:00).
    for (const s of slots.body as Array<{ start: string; end: string }>) {
      expect(Date.parse(s.end) - Date.parse(s.start)).toBe(210 * 60_000);
      expect(Date.parse(s.end)).toBeLessThanOrEqual(Date.parse(c.at(18)));
    }
    expect(slots.body.length).toBeGreaterThan(0);

    // Naming another built-in than the one it is counted as is a contradiction.
    const contradiction = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments`, {
      token: scheduler,
      body: { patientId: rosa.id, therapyId, therapyCode: 'iron', startsAt: c.at(9) },
    });
    expect(contradiction.status).toBe(400);
    expect(contradiction.body.errors).toEqual([expect.objectContaining({ field: 'therapyCode' })]);
    const unknown = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments`, {
      token: scheduler,
      body: { patientId: rosa.id, therapyId: randomUUID(), startsAt: c.at(9) },
    });
    expect(unknown.status).toBe(404);

    const booked = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments`, {
      token: scheduler,
      body: { patientId: rosa.id, therapyId, startsAt: c.at(9) },
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ therapyCode: 'biologics', therapyId, durationMinutes: 150 });
    expect(Date.parse(booked.body.endsAt) - Date.parse(booked.body.startsAt)).toBe(210 * 60_000);
    // Its turnover (20 min) holds the chair after the patient leaves: the other chair takes the next start.
    const second = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments`, {
      token: scheduler,
      body: { patientId: lucia.id, therapyId, startsAt: c.at(12, 30), chairId: booked.body.chairId },
    });
    expect(second.status).toBe(409);
    const spanishBooking = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments`, {
      token: scheduler,
      body: { patientId: lucia.id, therapyId, startsAt: c.at(13) },
    });
    expect(spanishBooking.status).toBe(201);

    // The confirmations advise the organisation's therapy, not a biologic's defaults.
    const mailTo = (email: string) =>
      waitFor(async () => sink.mails.find((m) => m.to.includes(email)), {
        what: `the confirmation to ${email}`,
        timeoutMs: 60_000,
      });
    const en = await mailTo(rosa.email);
    expect(en.subject).toMatch(/^Your Ocrelizumab infusion appointment on .* at 9:00 AM$/);
    expect(en.text).toContain('Do not eat for the hours before your infusion');
    expect(en.text).toContain('needs recent blood tests');
    expect(en.text).toContain('pre-medication');
    expect(en.text).toContain('Please bring someone with you to the visit.');
    expect(en.text).toContain('arrange for someone to drive you home');
    expect(en.html).toContain('Please bring someone with you to the visit.');
    expect(en.calendar).toContain('SUMMARY:Ocrelizumab infusion');
    const es = await mailTo(lucia.email);
    expect(es.subject).toMatch(/^Su cita de Ocrelizumab infusion el .* a las 13:00$/);
    expect(es.text).toContain('No coma durante las horas previas');
    expect(es.text).toContain('Por favor, venga acompañado de alguien a la visita.');
    expect(es.text).toContain('no debe conducir');

    // The copy notifications keeps says which therapy it was.
    const [row] = await notificationsDb.query<{ own_therapy: { therapyId: string; code: string } }>(
      'SELECT own_therapy FROM directory_appointment WHERE appointment_id = $1',
      [booked.body.id],
    );
    expect(row!.own_therapy).toMatchObject({ therapyId, code });
  });
});
