import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Channel, NotificationPreferences } from '@chairside/domain';
import { DirectoryContact, DirectoryLocation } from '../../src/directory/directory.entities.js';
import { defaultPreferences } from '../../src/planning/recipient.js';

export interface BuiltPatient {
  organisationId: string;
  locationId: string;
  timeZone: string;
  patientId: string;
  email: string;
  phone: string;
}

/**
 * A patient with contact details, at a location, as the directory holds them; written straight
 * to the tables: the state a use case starts from.
 *   aPatient().preferring('sms').inZone('America/New_York').build(dataSource)
 */
export class PatientBuilder {
  private organisationId: string = randomUUID();
  private locationId: string = randomUUID();
  private zone = 'America/New_York';
  private preferences: NotificationPreferences = defaultPreferences('email');
  private consent = true;
  private language: 'en' | 'es' = 'en';
  private withContact = true;

  atLocation(organisationId: string, locationId: string): this {
    this.organisationId = organisationId;
    this.locationId = locationId;
    return this;
  }

  inZone(zone: string): this {
    this.zone = zone;
    return this;
  }

  preferring(channel: Channel): this {
    this.preferences = defaultPreferences(channel);
    return this;
  }

  speaking(language: 'en' | 'es'): this {
    this.language = language;
    return this;
  }

  withoutConsent(): this {
    this.consent = false;
    return this;
  }

  /** Known to scheduling, but their contact details have not arrived here yet. */
  withoutContactYet(): this {
    this.withContact = false;
    return this;
  }

  async build(dataSource: DataSource): Promise<BuiltPatient> {
    await dataSource
      .createQueryBuilder()
      .insert()
      .into(DirectoryLocation)
      .values({
        locationId: this.locationId,
        organisationId: this.organisationId,
        name: 'Test Center',
        timeZone: this.zone,
        centerAddress: '1 Main St',
      })
      .orIgnore()
      .execute();
    const patientId = randomUUID();
    const email = `patient-${patientId.slice(0, 8)}@example.test`;
    const phone = `+1555${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
    if (this.withContact)
      await dataSource.getRepository(DirectoryContact).insert({
        patientId,
        organisationId: this.organisationId,
        givenName: 'Ana',
        email,
        phone,
        language: this.language,
        consent: this.consent,
        preferences: this.preferences,
        version: 1,
      });
    return { organisationId: this.organisationId, locationId: this.locationId, timeZone: this.zone, patientId, email, phone };
  }
}

export const aPatient = () => new PatientBuilder();
