import { Injectable } from '@nestjs/common';
import type { LocationGrant, NotificationPreferences } from '@chairside/domain';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { assertReachable, publishContact } from '../patient-contact.js';
import { Patient } from '../patient.entity.js';
import { locationsParameter, visibleTo } from '../patient-scope.js';

export interface UpdatePatientContactCommand {
  organisationId: string;
  /** The caller's location grant: a patient they may not see is not found. */
  locations: LocationGrant;
  patientId: string;
  phone?: string | null;
  email?: string | null;
  preferredLanguage: 'en' | 'es';
  preferredChannel: 'email' | 'sms';
  notificationConsent: boolean;
  preferences: NotificationPreferences | null;
  /** From If-Match: the version the caller last saw. */
  expectedVersion?: number;
}

/** Replaces how the patient is reached; what is not given is cleared. */
@Injectable()
export class UpdatePatientContactUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: UpdatePatientContactCommand): Promise<Patient> {
    assertReachable(command);
    const { patientId, expectedVersion } = command;
    return this.unitOfWork.run(async (tx) => {
      const [visible] = (await tx.manager.query(
        `SELECT p.id FROM patient p WHERE p.id = $1 AND p.organisation_id = $2 AND ${visibleTo(3)} FOR UPDATE OF p`,
        [patientId, command.organisationId, locationsParameter(command.locations)],
      )) as unknown[];
      if (!visible) throw ProblemException.notFound('Patient', patientId);
      const found = (await tx.manager.findOneBy(Patient, { id: patientId }))!;
      if (expectedVersion !== undefined && expectedVersion !== found.version) {
        throw ProblemException.conflict(
          'version-mismatch',
          `Patient ${patientId} is at version ${found.version}, not ${expectedVersion}. Reload and try again.`,
          { currentVersion: found.version },
        );
      }
      const changes = {
        phone: command.phone ?? null,
        email: command.email ?? null,
        preferredLanguage: command.preferredLanguage,
        preferredChannel: command.preferredChannel,
        notificationConsent: command.notificationConsent,
        preferences: command.preferences,
        version: found.version + 1,
      };
      Object.assign(found, changes);
      await tx.manager.update(Patient, { id: patientId }, changes);
      await publishContact(tx, found);
      return found;
    });
  }
}
