import { randomUUID } from 'node:crypto';
import { PatientContactChangedV1 } from '@chairside/contracts';
import type { UseCaseHarness } from '@chairside/testing';
import { aPatient, schedulingHarness } from '../../test/builders/index.js';
import { RegisterPatientUseCase } from './register-patient/register-patient.use-case.js';
import { UpdatePatientContactUseCase } from './update-patient-contact/update-patient-contact.use-case.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('patients');
});
afterAll(() => h?.close());

describe('patients (fast tier)', () => {
  it('registers a patient and sends the contact data on its own topic', async () => {
    const patient = await h.get(RegisterPatientUseCase).execute({
      organisationId: randomUUID(),
      givenName: 'Lucía',
      familyName: 'García',
      dateOfBirth: '1961-04-02',
      email: 'lucia@example.test',
      notificationConsent: true,
      preferences: null,
    });
    expect(patient).toMatchObject({ version: 1, preferredLanguage: 'en', phone: null });
    expect(await h.appendedEvents()).toMatchObject([
      { type: PatientContactChangedV1.type, aggregatesequence: 1, data: { patientId: patient.id, email: 'lucia@example.test' } },
    ]);
  });

  it('refuses consent with nowhere to send', async () => {
    await expect(
      h.get(RegisterPatientUseCase).execute({
        organisationId: randomUUID(),
        givenName: 'A',
        familyName: 'B',
        dateOfBirth: '1970-01-01',
        notificationConsent: true,
        preferences: null,
      }),
    ).rejects.toMatchObject({ problem: { status: 400, errors: [{ field: 'notificationConsent' }] } });
  });

  it('updates contact data at the version the caller saw', async () => {
    const patient = await aPatient().reachableByEmail().build(h.dataSource);
    const update = {
      organisationId: patient.organisationId,
      locations: '*' as const,
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
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([[PatientContactChangedV1.type, 2]]);
  });
});
