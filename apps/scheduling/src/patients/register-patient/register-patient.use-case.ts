import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { NotificationPreferences } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { assertReachable, publishContact } from '../patient-contact.js';
import { Patient } from '../patient.entity.js';
import { normalizeMrn, normalizeName } from '../patient-name.js';
import { assertMrnFree } from '../patient-mrn.js';

export interface RegisterPatientCommand {
  organisationId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  /** The organisation's medical record number; one is generated when absent. */
  mrn?: string;
  /** The location registering the patient (lets its staff see them before a first booking). */
  registeredLocationId?: string | null;
  phone?: string;
  email?: string;
  preferredLanguage?: 'en' | 'es';
  preferredChannel?: 'email' | 'sms';
  notificationConsent?: boolean;
  preferences: NotificationPreferences | null;
  /** With an Idempotency-Key, a retry returns the first response and registers no one twice. */
  idempotency?: IdempotencyRequest;
}

/** What POST /patients answers, and what a retry with the same Idempotency-Key replays. */
export interface RegisteredPatientView {
  id: string;
  mrn: string;
  version: number;
}

export const registeredView = (patient: Patient): RegisteredPatientView => ({
  id: patient.id,
  mrn: patient.mrn,
  version: patient.version,
});

/** A patient of the organisation (not of one center); notifications gets the contact data. */
@Injectable()
export class RegisterPatientUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: RegisterPatientCommand): Promise<IdempotentOutcome<Patient>> {
    assertReachable(command);
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(tx, command.idempotency, () => this.register(tx, command), registeredView),
    );
  }

  private async register(tx: Transaction, command: RegisterPatientCommand): Promise<Patient> {
    if (command.registeredLocationId) {
      // The token granted the location; only another organisation's location is refused (a grant
      // may name a location scheduling has not heard of yet: it then only widens that user's view).
      const [location] = (await tx.manager.query(`SELECT organisation_id FROM location WHERE id = $1`, [
        command.registeredLocationId,
      ])) as Array<{ organisation_id: string }>;
      if (location && location.organisation_id !== command.organisationId)
        throw ProblemException.validation([{ field: 'locationId', reason: 'no such location in your organisation' }]);
    }
    let mrn: string;
    if (command.mrn !== undefined) {
      mrn = normalizeMrn(command.mrn);
      await assertMrnFree(tx, command.organisationId, mrn);
    } else {
      const [next] = (await tx.manager.query(`SELECT 'C' || lpad(nextval('patient_mrn_seq')::text, 8, '0') AS mrn`)) as Array<{
        mrn: string;
      }>;
      mrn = next!.mrn;
    }
    const patient = tx.manager.create(Patient, {
      id: randomUUID(),
      organisationId: command.organisationId,
      mrn,
      givenName: command.givenName,
      familyName: command.familyName,
      nameSearch: normalizeName(`${command.givenName} ${command.familyName}`),
      dateOfBirth: command.dateOfBirth,
      phone: command.phone ?? null,
      email: command.email ?? null,
      preferredLanguage: command.preferredLanguage ?? 'en',
      preferredChannel: command.preferredChannel ?? 'email',
      notificationConsent: command.notificationConsent ?? false,
      preferences: command.preferences,
      registeredLocationId: command.registeredLocationId ?? null,
      version: 1,
    });
    await tx.manager.insert(Patient, patient);
    await publishContact(tx, patient);
    return patient;
  }
}
