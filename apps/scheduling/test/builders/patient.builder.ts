import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Patient } from '../../src/patients/patient.entity.js';

/** A patient written straight to the table (no event): aPatient().inOrganisation(org).reachableByEmail().build(dataSource). */
export class PatientBuilder {
  private organisationId: string = randomUUID();
  private email: string | null = null;
  private phone: string | null = null;
  private consent = false;

  inOrganisation(organisationId: string): this {
    this.organisationId = organisationId;
    return this;
  }

  /** With an email address and consent to be notified. */
  reachableByEmail(email = 'patient@example.test'): this {
    this.email = email;
    this.consent = true;
    return this;
  }

  reachableBySms(phone = '+34600000000'): this {
    this.phone = phone;
    this.consent = true;
    return this;
  }

  async build(dataSource: DataSource): Promise<Patient> {
    const patient = dataSource.getRepository(Patient).create({
      id: randomUUID(),
      organisationId: this.organisationId,
      givenName: 'Ana',
      familyName: 'Test',
      dateOfBirth: '1970-01-01',
      phone: this.phone,
      email: this.email,
      preferredLanguage: 'en',
      preferredChannel: this.phone && !this.email ? 'sms' : 'email',
      notificationConsent: this.consent,
      preferences: null,
      version: 1,
    });
    await dataSource.getRepository(Patient).insert(patient);
    return patient;
  }
}

export const aPatient = (): PatientBuilder => new PatientBuilder();
