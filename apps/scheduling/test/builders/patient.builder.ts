import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Patient } from '../../src/patients/patient.entity.js';
import { normalizeMrn, normalizeName } from '../../src/patients/patient-name.js';

/** A patient written straight to the table (no event): aPatient().inOrganisation(org).reachableByEmail().build(dataSource). */
export class PatientBuilder {
  private organisationId: string = randomUUID();
  private email: string | null = null;
  private phone: string | null = null;
  private consent = false;
  private givenName = 'Ana';
  private familyName = 'Test';
  private dateOfBirth = '1970-01-01';
  private mrn: string | undefined;
  private registeredLocationId: string | null = null;

  inOrganisation(organisationId: string): this {
    this.organisationId = organisationId;
    return this;
  }

  named(givenName: string, familyName: string): this {
    this.givenName = givenName;
    this.familyName = familyName;
    return this;
  }

  bornOn(date: string): this {
    this.dateOfBirth = date;
    return this;
  }

  withMrn(mrn: string): this {
    this.mrn = mrn;
    return this;
  }

  /** Registered by a user of this location (visible to its staff before any booking). */
  registeredAt(locationId: string): this {
    this.registeredLocationId = locationId;
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
    const id = randomUUID();
    const patient = dataSource.getRepository(Patient).create({
      id,
      organisationId: this.organisationId,
      mrn: normalizeMrn(this.mrn ?? `T-${id.slice(0, 8)}`),
      givenName: this.givenName,
      familyName: this.familyName,
      nameSearch: normalizeName(`${this.givenName} ${this.familyName}`),
      dateOfBirth: this.dateOfBirth,
      phone: this.phone,
      email: this.email,
      preferredLanguage: 'en',
      preferredChannel: this.phone && !this.email ? 'sms' : 'email',
      notificationConsent: this.consent,
      preferences: null,
      registeredLocationId: this.registeredLocationId,
      version: 1,
    });
    await dataSource.getRepository(Patient).insert(patient);
    return patient;
  }
}

export const aPatient = (): PatientBuilder => new PatientBuilder();
