import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { AuditTrail, verifyAuditChain } from '@chairside/audit';
import { PatientContactChangedV1, PatientContactErasedV1 } from '@chairside/contracts';
import type { NotificationPreferences } from '@chairside/domain';
import { OutboxRelay } from '@chairside/messaging';
import type { UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import type { Patient } from './patient.entity.js';
import { PatientRecordQuery } from './patient-record/patient-record.query.js';
import { DayPatientNamesQuery } from './day-patient-names/day-patient-names.query.js';
import { RegisterPatientUseCase, type RegisterPatientCommand } from './register-patient/register-patient.use-case.js';
import { SearchPatientsQuery, type SearchPatientsCriteria } from './search-patients/search-patients.query.js';
import { ErasePatientContactUseCase } from './erase-patient-contact/erase-patient-contact.use-case.js';
import { UpdatePatientContactUseCase } from './update-patient-contact/update-patient-contact.use-case.js';
import { UpdatePatientDemographicsUseCase } from './update-patient-demographics/update-patient-demographics.use-case.js';

const ZONE = 'Europe/Madrid';
let h: UseCaseHarness;

beforeAll(async () => {
  h = await schedulingHarness('patients');
});
afterAll(() => h?.close());

async function register(command: Partial<RegisterPatientCommand> & { organisationId: string }): Promise<Patient> {
  const outcome = await h.get(RegisterPatientUseCase).execute({
    givenName: 'Lucía',
    familyName: 'García',
    dateOfBirth: '1961-04-02',
    preferences: null,
    ...command,
  });
  if (outcome.replayed) throw new Error('not a replay');
  return outcome.body;
}

describe('patients (fast tier)', () => {
  it('registers a patient with a generated MRN and sends the contact data on its own topic', async () => {
    const patient = await register({ organisationId: randomUUID(), email: 'lucia@example.test', notificationConsent: true });
    expect(patient).toMatchObject({ version: 1, preferredLanguage: 'en', phone: null, nameSearch: 'lucia garcia' });
    expect(patient.mrn).toMatch(/^C\d{8}$/);
    expect(await h.appendedEvents()).toMatchObject([
      { type: PatientContactChangedV1.type, aggregatesequence: 1, data: { patientId: patient.id, email: 'lucia@example.test' } },
    ]);
  });

  it('refuses consent with nowhere to send', async () => {
    await expect(register({ organisationId: randomUUID(), notificationConsent: true })).rejects.toMatchObject({
      problem: { status: 400, errors: [{ field: 'notificationConsent' }] },
    });
  });

  it('keeps an MRN unique in the organisation, not across organisations', async () => {
    const org = randomUUID();
    const first = await register({ organisationId: org, mrn: 'mrn-100' });
    expect(first.mrn).toBe('MRN-100');
    await expect(register({ organisationId: org, mrn: 'MRN-100' })).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/mrn-taken', errors: [{ field: 'mrn' }] },
    });
    expect((await register({ organisationId: randomUUID(), mrn: 'MRN-100' })).mrn).toBe('MRN-100');
    await h.appendedEvents();
  });

  it('registers once per Idempotency-Key, and refuses the key with another body', async () => {
    const org = randomUUID();
    const idempotency = { key: `k-${randomUUID()}`, scope: `${org}:POST /patients`, request: { givenName: 'Lucía' } };
    const command = {
      organisationId: org,
      givenName: 'Lucía',
      familyName: 'García',
      dateOfBirth: '1961-04-02',
      preferences: null,
    };
    const first = await h.get(RegisterPatientUseCase).execute({ ...command, idempotency });
    const again = await h.get(RegisterPatientUseCase).execute({ ...command, idempotency });
    expect(first.replayed).toBe(false);
    expect(again).toMatchObject({ replayed: true, status: 201, body: { id: (first.body as Patient).id, version: 1 } });
    const [{ count }] = await h.dataSource.query(`SELECT count(*)::int AS count FROM patient WHERE organisation_id = $1`, [org]);
    expect(count).toBe(1);
    await expect(
      h.get(RegisterPatientUseCase).execute({ ...command, idempotency: { ...idempotency, request: { givenName: 'Other' } } }),
    ).rejects.toMatchObject({ problem: { status: 422, errors: [{ field: 'Idempotency-Key' }] } });
    expect(await h.appendedEvents()).toHaveLength(1);
  });

  it('counts the patients of each name word once each, for search to lead with the rarest word', async () => {
    const org = randomUUID();
    await register({ organisationId: org, givenName: 'Ana', familyName: 'Ruiz Ruiz' });
    await register({ organisationId: org, givenName: 'Ána', familyName: 'Soler' });
    expect(
      await h.dataSource.query(`SELECT word, patients FROM patient_name_dictionary WHERE organisation_id = $1 ORDER BY word`, [
        org,
      ]),
    ).toEqual([
      { word: 'ana', patients: 2 },
      { word: 'ruiz', patients: 1 },
      { word: 'soler', patients: 1 },
    ]);
    await h.appendedEvents();
  });

  it('updates contact data at the version the caller saw', async () => {
    const center = await aLocation().inZone(ZONE).build(h.dataSource);
    const patient = await aPatient()
      .inOrganisation(center.organisationId)
      .registeredAt(center.location.id)
      .reachableByEmail()
      .build(h.dataSource);
    // A scheduler of the patient's center only: the least privileged user who may change the contact.
    const update = {
      organisationId: patient.organisationId,
      locations: [center.location.id],
      patientId: patient.id,
      phone: '+34600111222',
      preferredLanguage: 'es' as const,
      preferredChannel: 'sms' as const,
      notificationConsent: true,
      preferences: null,
    };
    expect(await h.get(UpdatePatientContactUseCase).execute({ ...update, expectedVersion: 1 })).toMatchObject({
      version: 2,
      email: null,
      phone: '+34600111222',
    });
    await expect(h.get(UpdatePatientContactUseCase).execute({ ...update, expectedVersion: 1 })).rejects.toMatchObject({
      problem: { status: 409 },
    });
    // A scheduler of another center of the organisation does not reach this patient's reminders.
    await expect(
      h.get(UpdatePatientContactUseCase).execute({ ...update, locations: [randomUUID()], expectedVersion: 2 }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([[PatientContactChangedV1.type, 2]]);
    // The record answers the stated preferences: the contact PUT replaces the whole state, so a client sends them back.
    const preferences: NotificationPreferences = {
      channels: ['sms', 'email'],
      optOutKinds: ['follow-up'],
      quietHours: { start: '21:00', end: '08:00' },
      timeZone: null,
    };
    await h.get(UpdatePatientContactUseCase).execute({ ...update, preferences, expectedVersion: 2 });
    const record = await h.get(PatientRecordQuery).execute({
      organisationId: patient.organisationId,
      locations: [center.location.id],
      patientId: patient.id,
      now: new Date(),
    });
    expect(record).toMatchObject({ version: 3, preferredChannel: 'sms', notificationConsent: true, preferences });
  });
});

describe('the patient registry (fast tier)', () => {
  let a: BuiltCenter;
  let b: BuiltCenter;
  let day: string;
  const search = (criteria: Partial<SearchPatientsCriteria>, locations: SearchPatientsCriteria['locations'] = [a.location.id]) =>
    h.get(SearchPatientsQuery).execute({ organisationId: a.organisationId, locations, limit: 20, offset: 0, ...criteria });
  const names = (page: { items: Array<{ givenName: string; familyName: string }> }) =>
    page.items.map((p) => `${p.givenName} ${p.familyName}`);

  beforeAll(async () => {
    day = localDayAhead(ZONE, 7);
    a = await aLocation().inZone(ZONE).withChairs(2).withNurses(1).staffedOn(day).build(h.dataSource);
    b = await aLocation()
      .inOrganisation(a.organisationId)
      .inZone(ZONE)
      .withChairs(2)
      .withNurses(1)
      .staffedOn(day)
      .build(h.dataSource);
  });

  it('finds by part of a name, without case or accents, with a letter wrong, best match first', async () => {
    const org = a.organisationId;
    await aPatient().inOrganisation(org).named('Lucía', 'García Núñez').registeredAt(a.location.id).build(h.dataSource);
    await aPatient().inOrganisation(org).named('Lucas', 'Garcés').registeredAt(a.location.id).build(h.dataSource);
    await aPatient().inOrganisation(org).named('Ana', 'Smith').registeredAt(a.location.id).build(h.dataSource);
    // Exact parts first; close spellings (typo tolerance) after them.
    expect(names(await search({ name: 'GARCIA' }))).toEqual(['Lucía García Núñez', 'Lucas Garcés']);
    expect(names(await search({ name: 'nunez luc' }))).toEqual(['Lucía García Núñez']);
    expect(names(await search({ name: 'lusia' }))).toContain('Lucía García Núñez');
    expect(names(await search({ name: 'garsia' }))[0]).toBe('Lucía García Núñez');
    expect(names(await search({ name: 'garc' }))).toEqual(expect.arrayContaining(['Lucía García Núñez', 'Lucas Garcés']));
    expect(names(await search({ name: 'smyth' }))).toEqual(['Ana Smith']);
    expect((await search({ name: 'zzzz' })).items).toEqual([]);
  });

  it('finds through the word index: a typo, a partial word and accents at once, each patient once, kept on edit', async () => {
    const org = a.organisationId;
    const both = await aPatient()
      .inOrganisation(org)
      .named('Íñigo', 'Müller-Ørsted Fernández')
      .registeredAt(a.location.id)
      .build(h.dataSource);
    await aPatient().inOrganisation(org).named('Iñaki', 'Fernandes Fernán').registeredAt(a.location.id).build(h.dataSource);
    await aPatient().inOrganisation(org).named('Ferran', 'Mullet').registeredAt(b.location.id).build(h.dataSource);
    // "inig" (partial) leads, the rarer word: Íñigo, then Iñaki (close to it), each close to "fernandez"; no accents typed.
    expect(names(await search({ name: 'inig fernandez' }))).toEqual(['Íñigo Müller-Ørsted Fernández', 'Iñaki Fernandes Fernán']);
    // A wrong letter in a partial word ("orstd" for "ørsted") and accents typed where the name has others.
    expect(names(await search({ name: 'MÙLLER orstd' }))).toEqual(['Íñigo Müller-Ørsted Fernández']);
    expect(names(await search({ name: 'fernandez' }))).toEqual(['Íñigo Müller-Ørsted Fernández', 'Iñaki Fernandes Fernán']);
    // Iñaki's two words both start with "fern": listed once, under the closer one; Ferran Mullet is only at B.
    expect(names(await search({ name: 'fern' }))).toEqual(['Iñaki Fernandes Fernán', 'Íñigo Müller-Ørsted Fernández']);
    expect(names(await search({ name: 'fern' }, '*'))).toHaveLength(3);
    const edit = h.get(UpdatePatientDemographicsUseCase);
    await edit.execute({
      organisationId: org,
      locations: [a.location.id],
      actorId: 'scheduler-a',
      patientId: both.id,
      givenName: 'Íñigo',
      familyName: 'Zabaleta',
      dateOfBirth: both.dateOfBirth,
      mrn: both.mrn,
      expectedVersion: 1,
    });
    expect(names(await search({ name: 'muller' }))).toEqual([]);
    expect(names(await search({ name: 'zabaleta inigo' }))).toEqual(['Íñigo Zabaleta']);
  });

  it('finds two words with a letter wrong in either, and pages across matched words as one page would', async () => {
    const org = a.organisationId;
    for (const family of ['Quintanilla', 'Bermejo Ybarra', 'Zubiaurre'])
      await aPatient().inOrganisation(org).named('Xiomara', family).registeredAt(a.location.id).build(h.dataSource);
    await aPatient().inOrganisation(org).named('Zoe', 'Quintero').registeredAt(a.location.id).build(h.dataSource);
    await aPatient().inOrganisation(org).named('Yolanda', 'Quintana').registeredAt(b.location.id).build(h.dataSource);
    // A wrong letter in the family name, then in the given name; each word must match.
    expect(names(await search({ name: 'xiomara quintanila' }))).toEqual(['Xiomara Quintanilla']);
    expect(names(await search({ name: 'xiomera quintanilla' }))).toEqual(['Xiomara Quintanilla']);
    expect(names(await search({ name: 'bermjo xiomera' }))).toEqual(['Xiomara Bermejo Ybarra']);
    expect(names(await search({ name: 'xiomera zubi' }))).toEqual(['Xiomara Zubiaurre']);
    expect(names(await search({ name: 'xiomera' }))).toEqual([
      'Xiomara Bermejo Ybarra',
      'Xiomara Quintanilla',
      'Xiomara Zubiaurre',
    ]);
    // "quint" matches three dictionary words: pages of one, wherever they start, make the page of twenty.
    const whole = await search({ name: 'quint' }, [a.location.id, b.location.id]);
    expect(names(whole).sort()).toEqual(['Xiomara Quintanilla', 'Yolanda Quintana', 'Zoe Quintero']);
    const paged = [];
    for (let offset = 0; offset < 3; offset++) {
      const page = await search({ name: 'quint', limit: 1, offset }, [a.location.id, b.location.id]);
      expect(page.nextOffset).toBe(offset < 2 ? offset + 1 : null);
      paged.push(...page.items);
    }
    expect(paged).toEqual(whole.items);
    expect(names(await search({ name: 'quint' }))).toEqual(names(whole).filter((n) => n !== 'Yolanda Quintana'));
  });

  it('leads with the word fewer patients have, also when both have more than 5,000', async () => {
    // Until migration 1797160000000 each word's patients were counted only up to 5,000 and a tie
    // went to the longer word: "longername" led, and a page read every Longername to find a Zed.
    const org = randomUUID();
    const insert = (given: string, family: string, from: number, count: number) =>
      h.dataSource.query(
        `INSERT INTO patient (id, organisation_id, mrn, given_name, family_name, name_search, date_of_birth,
            registered_location_id, version)
          SELECT gen_random_uuid(), $1, 'T' || i, $2, $3, lower($2 || ' ' || $3), '1970-01-01', $4, 1
            FROM generate_series($5::int, $5::int + $6::int - 1) i`,
        [org, given, family, a.location.id, from, count],
      );
    await insert('Longername', 'Alpha', 0, 5_100);
    await insert('Beta', 'Zed', 10_000, 5_001);
    await insert('Longername', 'Zeda', 20_000, 1);
    await insert('Longernamx', 'Zed', 30_000, 1);
    // "zed" leads (5,003 patients over its matches, against 5,102): its exact word first, then "zeda".
    const page = await h
      .get(SearchPatientsQuery)
      .execute({ organisationId: org, locations: [a.location.id], name: 'longername zed', limit: 20, offset: 0 });
    expect(names(page)).toEqual(['Longernamx Zed', 'Longername Zeda']);
  });

  it('finds by date of birth, MRN and phone, all criteria holding together', async () => {
    const org = a.organisationId;
    const p = await aPatient()
      .inOrganisation(org)
      .named('Marta', 'Ruiz')
      .bornOn('1955-03-09')
      .withMrn('ZX-9')
      .reachableBySms('+34611222333')
      .registeredAt(a.location.id)
      .build(h.dataSource);
    expect((await search({ dateOfBirth: '1955-03-09' })).items.map((i) => i.id)).toEqual([p.id]);
    expect((await search({ mrn: 'zx-9' })).items.map((i) => i.id)).toEqual([p.id]);
    expect((await search({ phone: '+34611222333' })).items).toEqual([expect.objectContaining({ id: p.id, mrn: 'ZX-9' })]);
    expect((await search({ name: 'marta', dateOfBirth: '1955-03-10' })).items).toEqual([]);
  });

  it('pages through results with a next offset', async () => {
    const org = a.organisationId;
    for (let i = 0; i < 5; i++)
      await aPatient().inOrganisation(org).named(`Pagina${i}`, 'Paged').registeredAt(a.location.id).build(h.dataSource);
    const first = await search({ name: 'paged', limit: 2 });
    expect(first).toMatchObject({ limit: 2, offset: 0, nextOffset: 2 });
    const last = await search({ name: 'paged', limit: 2, offset: 4 });
    expect(last.items).toHaveLength(1);
    expect(last.nextOffset).toBeNull();
    const all = [...first.items, ...(await search({ name: 'paged', limit: 2, offset: 2 })).items, ...last.items];
    expect(new Set(all.map((p) => p.id)).size).toBe(5);
  });

  it('shows a location-limited scheduler only the patients treated, waitlisted or registered there', async () => {
    const org = a.organisationId;
    const onlyAtB = await aPatient()
      .inOrganisation(org)
      .named('Bruno', 'Elsewhere')
      .registeredAt(b.location.id)
      .build(h.dataSource);
    const bookedAtA = await aPatient()
      .inOrganisation(org)
      .named('Clara', 'Elsewhere')
      .registeredAt(b.location.id)
      .build(h.dataSource);
    await h.get(BookAppointmentUseCase).execute({
      organisationId: org,
      locationId: a.location.id,
      patientId: bookedAtA.id,
      therapyCode: 'hydration',
      startsAt: at(ZONE, day, '09:00'),
      now: new Date(),
    });
    expect(names(await search({ name: 'elsewhere' }))).toEqual(['Clara Elsewhere']);
    expect(names(await search({ name: 'elsewhere' }, [b.location.id]))).toEqual(['Bruno Elsewhere', 'Clara Elsewhere']);
    expect(names(await search({ name: 'elsewhere' }, '*'))).toHaveLength(2);
    const record = h.get(PatientRecordQuery);
    await expect(
      record.execute({ organisationId: org, locations: [a.location.id], patientId: onlyAtB.id, now: new Date() }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    await expect(
      h.get(UpdatePatientDemographicsUseCase).execute({
        organisationId: org,
        locations: [a.location.id],
        actorId: 'scheduler-a',
        patientId: onlyAtB.id,
        givenName: 'X',
        familyName: 'Y',
        dateOfBirth: '1970-01-01',
        mrn: onlyAtB.mrn,
        expectedVersion: 1,
      }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    // Another organisation sees nothing, whatever its grant.
    expect(
      (
        await h
          .get(SearchPatientsQuery)
          .execute({ organisationId: randomUUID(), locations: '*', name: 'elsewhere', limit: 5, offset: 0 })
      ).items,
    ).toEqual([]);
    await h.appendedEvents();
  });

  it("reads a patient's record: upcoming and past appointments, plans, waitlist, at the caller's locations", async () => {
    const org = a.organisationId;
    const patient = await aPatient().inOrganisation(org).named('Rosa', 'Record').registeredAt(a.location.id).build(h.dataSource);
    const booked = await h.get(BookAppointmentUseCase).execute({
      organisationId: org,
      locationId: a.location.id,
      patientId: patient.id,
      therapyCode: 'hydration',
      startsAt: at(ZONE, day, '11:00'),
      now: new Date(),
    });
    await h.get(BookAppointmentUseCase).execute({
      organisationId: org,
      locationId: b.location.id,
      patientId: patient.id,
      therapyCode: 'hydration',
      startsAt: at(ZONE, day, '15:00'),
      now: new Date(),
    });
    const atA = await h
      .get(PatientRecordQuery)
      .execute({ organisationId: org, locations: [a.location.id], patientId: patient.id, now: new Date() });
    expect(atA).toMatchObject({
      id: patient.id,
      givenName: 'Rosa',
      version: 1,
      pastAppointments: [],
      treatmentPlans: [],
      waitlist: [],
    });
    expect(atA.upcomingAppointments.map((x) => x.id)).toEqual([(booked.body as { id: string }).id]);
    // A built-in therapy: no id of the organisation's own (the console names it by its code).
    expect(atA.upcomingAppointments[0]).toMatchObject({ therapyCode: 'hydration', therapyId: null });
    expect(atA.messages.service).toBe('notifications');
    // A scheduler of both centers (no wider grant) sees both visits; after the first, it is past.
    const later = await h.get(PatientRecordQuery).execute({
      organisationId: org,
      locations: [a.location.id, b.location.id],
      patientId: patient.id,
      now: new Date(at(ZONE, day, '13:00')),
    });
    expect(later.upcomingAppointments.map((x) => x.locationId)).toEqual([b.location.id]);
    expect(later.pastAppointments.map((x) => x.locationId)).toEqual([a.location.id]);
    const laterAtA = await h
      .get(PatientRecordQuery)
      .execute({ organisationId: org, locations: [a.location.id], patientId: patient.id, now: new Date(at(ZONE, day, '13:00')) });
    expect(laterAtA.upcomingAppointments).toEqual([]);
    await h.appendedEvents();
  });

  it('edits demographics at the version read, keeping who changed what', async () => {
    const patient = await aPatient()
      .inOrganisation(a.organisationId)
      .named('Pedro', 'Old')
      .registeredAt(a.location.id)
      .build(h.dataSource);
    const other = await aPatient().inOrganisation(a.organisationId).withMrn('TAKEN-1').build(h.dataSource);
    const edit = h.get(UpdatePatientDemographicsUseCase);
    const command = {
      organisationId: a.organisationId,
      locations: [a.location.id],
      actorId: 'scheduler-a',
      patientId: patient.id,
      givenName: 'Pedro',
      familyName: 'Nuevo',
      dateOfBirth: '1970-01-01',
      mrn: patient.mrn,
    };
    await expect(edit.execute({ ...command, expectedVersion: undefined })).rejects.toMatchObject({
      problem: { status: 428, errors: [{ field: 'If-Match' }] },
    });
    expect(await edit.execute({ ...command, expectedVersion: 1 })).toMatchObject({
      version: 2,
      familyName: 'Nuevo',
      nameSearch: 'pedro nuevo',
    });
    await expect(edit.execute({ ...command, familyName: 'Stale', expectedVersion: 1 })).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/version-mismatch', currentVersion: 2 },
    });
    await expect(edit.execute({ ...command, mrn: other.mrn, expectedVersion: 2 })).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/mrn-taken' },
    });
    expect(names(await search({ name: 'nuevo' }))[0]).toBe('Pedro Nuevo');
    const record = await h
      .get(PatientRecordQuery)
      .execute({ organisationId: a.organisationId, locations: [a.location.id], patientId: patient.id, now: new Date() });
    expect(record.revisions).toEqual([
      expect.objectContaining({ version: 2, actorId: 'scheduler-a', changedFields: ['familyName'] }),
    ]);
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([[PatientContactChangedV1.type, 2]]);
  });

  it('erases contact data on request: cleared, the sent contact records dropped, an erasure event then a tombstone', async () => {
    const center = await aLocation().inZone(ZONE).build(h.dataSource);
    const org = center.organisationId;
    const where = center.location.id;
    const patient = await register({
      organisationId: org,
      registeredLocationId: where,
      phone: '+34600111222',
      email: 'erase.me@example.test',
      notificationConsent: true,
    });
    await h.appendedEvents();
    const erase = h.get(ErasePatientContactUseCase);
    // A privacy officer of another center does not see the patient.
    await expect(
      erase.execute({ organisationId: org, locations: [randomUUID()], actorId: 'privacy-1', patientId: patient.id }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    const erased = await erase.execute({ organisationId: org, locations: [where], actorId: 'privacy-1', patientId: patient.id });
    expect(erased).toMatchObject({ id: patient.id, version: 2 });
    const [row] = (await h.dataSource.query(
      'SELECT given_name, phone, email, notification_consent, preferences FROM patient WHERE id = $1',
      [patient.id],
    )) as unknown[];
    expect(row).toEqual({ given_name: 'Lucía', phone: null, email: null, notification_consent: false, preferences: null });
    expect(await h.appendedEvents()).toMatchObject([
      { type: PatientContactErasedV1.type, aggregatesequence: 2, data: { patientId: patient.id, organisationId: org } },
    ]);
    const outbox = (await h.dataSource.query(
      `SELECT event_type, message_key, payload FROM outbox WHERE message_key = $1 ORDER BY position`,
      [patient.id],
    )) as Array<{ event_type: string; message_key: string; payload: string }>;
    expect(outbox.map((r) => r.event_type)).toEqual([PatientContactErasedV1.type, 'tombstone']);
    expect(outbox.map((r) => r.payload).join()).not.toContain('erase.me@example.test');
    const [revision] = (await h.dataSource.query('SELECT actor_id, changed_fields FROM patient_revision WHERE patient_id = $1', [
      patient.id,
    ])) as unknown[];
    expect(revision).toEqual({ actor_id: 'privacy-1', changed_fields: ['phone', 'email', 'notificationConsent', 'preferences'] });
  });
  it("names the patients of a location's day for the board: booked ones only, that day, that location", async () => {
    const org = a.organisationId;
    const book = async (patientId: string, locationId: string, hhmm: string, holdMinutes?: number) =>
      h.get(BookAppointmentUseCase).execute({
        organisationId: org,
        locationId,
        patientId,
        therapyCode: 'hydration',
        startsAt: at(ZONE, day, hhmm),
        now: new Date(),
        ...(holdMinutes !== undefined ? { holdMinutes } : {}),
      });
    const late = await aPatient().inOrganisation(org).named('Berta', 'Board').build(h.dataSource);
    const early = await aPatient().inOrganisation(org).named('Alba', 'Board').build(h.dataSource);
    const held = await aPatient().inOrganisation(org).named('Hilda', 'Hold').build(h.dataSource);
    const elsewhere = await aPatient().inOrganisation(org).named('Elsa', 'Elsewhere').build(h.dataSource);
    await book(late.id, a.location.id, '13:30');
    await book(early.id, a.location.id, '08:30');
    await book(held.id, a.location.id, '16:00', 30);
    await book(elsewhere.id, b.location.id, '10:30');
    const names = await h.get(DayPatientNamesQuery).execute(org, a.location.id, day);
    const board = names.patients.filter((p) => [late.id, early.id, held.id, elsewhere.id].includes(p.patientId));
    // By first start; the hold (not booked yet) and the other location's patient are not named.
    expect(board).toEqual([
      { patientId: early.id, givenName: 'Alba', familyName: 'Board' },
      { patientId: late.id, givenName: 'Berta', familyName: 'Board' },
    ]);
    expect(names).toMatchObject({ locationId: a.location.id, date: day, timeZone: ZONE, truncated: false });
    // Another day names none of them; another organisation does not find the location.
    const nextDay = DateTime.fromISO(day).plus({ days: 1 }).toISODate()!;
    expect((await h.get(DayPatientNamesQuery).execute(org, a.location.id, nextDay)).patients).toEqual([]);
    await expect(h.get(DayPatientNamesQuery).execute(randomUUID(), a.location.id, day)).rejects.toMatchObject({
      problem: { status: 404 },
    });
    await h.appendedEvents();
  });
  it('the names a read disclosed are audited one record per patient, in ONE transaction, all or none, the chain intact', async () => {
    const trail = new AuditTrail({ service: 'scheduling', retentionDays: 1 }, h.dataSource, h.get(OutboxRelay));
    const record = (correlationId: string, patientId: string, status = 200) => ({
      recordId: randomUUID(),
      occurredAt: new Date().toISOString(),
      actorSubject: 'charge-nurse',
      actorRoles: ['charge-nurse'],
      organisationId: randomUUID(),
      actorClient: null,
      resourceType: 'patient-name',
      resourceId: randomUUID(),
      patientId,
      action: 'read' as const,
      outcome: 'success' as const,
      status,
      ip: null,
      userAgent: null,
      correlationId,
      route: 'GET /locations/:locationId/patient-names',
    });
    const recordsOf = (correlationId: string) =>
      h.db.query<{ patient_id: string; tx: string }>(
        'SELECT patient_id, xmin::text AS tx FROM audit_record WHERE correlation_id = $1 ORDER BY seq',
        [correlationId],
      );
    const named = Array.from({ length: 120 }, () => randomUUID());
    const board = randomUUID();
    await trail.appendAll(named.map((patientId) => record(board, patientId)));
    const rows = await recordsOf(board);
    expect(rows.map((r) => r.patient_id)).toEqual(named);
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);

    // One record the table refuses (a status beyond its integer column): none of the read's records is kept.
    const refused = randomUUID();
    await expect(
      trail.appendAll(named.slice(0, 5).map((patientId, i) => record(refused, patientId, i === 3 ? 2 ** 40 : 200))),
    ).rejects.toThrow(/out of range/);
    expect(await recordsOf(refused)).toEqual([]);
    expect(await verifyAuditChain((sql, parameters) => h.db.query(sql, parameters), 'scheduling')).toMatchObject({ ok: true });
    await h.appendedEvents();
  });
});
