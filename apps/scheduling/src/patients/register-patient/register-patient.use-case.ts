import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { NotificationPreferences } from '@chairside/domain';
import { UnitOfWork } from '@chairside/messaging';
import { assertReachable, publishContact } from '../patient-contact.js';
import { Patient } from '../patient.entity.js';

export interface RegisterPatientCommand {
  organisationId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phone?: string;
  email?: string;
  preferredLanguage?: 'en' | 'es';
  preferredChannel?: 'email' | 'sms';
  notificationConsent?: boolean;
  preferences: NotificationPreferences | null;
}

/** A patient of the organisation (not of one center); notifications gets the contact data. */
@Injectable()
export class RegisterPatientUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: RegisterPatientCommand): Promise<Patient> {
    assertReachable(command);
    return this.unitOfWork.run(async (tx) => {
      const patient = tx.manager.create(Patient, {
        id: randomUUID(),
        organisationId: command.organisationId,
        givenName: command.givenName,
        familyName: command.familyName,
        dateOfBirth: command.dateOfBirth,
        phone: command.phone ?? null,
        email: command.email ?? null,
        preferredLanguage: command.preferredLanguage ?? 'en',
        preferredChannel: command.preferredChannel ?? 'email',
        notificationConsent: command.notificationConsent ?? false,
        preferences: command.preferences,
        version: 1,
      });
      await tx.manager.insert(Patient, patient);
      await publishContact(tx, patient);
      return patient;
    });
  }
}
