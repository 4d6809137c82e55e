import { Injectable } from '@nestjs/common';
import { type LocationGrant, mayActAt, type NotificationPreferences } from '@chairside/domain';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { assertReachable, publishContact } from '../patient-contact.js';
import { Patient } from '../patient.entity.js';

export interface UpdatePatientContactCommand {
  organisationId: string;
  /** The caller's location grant: a patient treated only elsewhere is not theirs to change. */
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

/**
 * Patients belong to the organisation; where they are treated says who may change how they are
 * reached. A user limited to some locations may change the contact of a patient with an
 * appointment or a waitlist request at one of them, or of a patient not yet treated anywhere
 * (just registered); a patient treated only at other centers is refused (403), so a scheduler
 * at A cannot redirect the reminders of a patient of B.
 */
async function assertTreatedWithinGrant(manager: EntityManager, patientId: string, grant: LocationGrant): Promise<void> {
  if (grant === '*') return;
  const rows = (await manager.query(
    `SELECT DISTINCT location_id FROM appointment WHERE patient_id = $1
     UNION SELECT DISTINCT location_id FROM waitlist_request WHERE patient_id = $1`,
    [patientId],
  )) as Array<{ location_id: string }>;
  if (rows.length && !rows.some((r) => mayActAt(grant, r.location_id)))
    throw ProblemException.forbidden(`Patient ${patientId} is treated only at locations outside your grant.`);
}

/** Replaces how the patient is reached; what is not given is cleared. */
@Injectable()
export class UpdatePatientContactUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: UpdatePatientContactCommand): Promise<Patient> {
    assertReachable(command);
    const { patientId, expectedVersion } = command;
    return this.unitOfWork.run(async (tx) => {
      const found = await tx.manager.findOne(Patient, {
        where: { id: patientId, organisationId: command.organisationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw ProblemException.notFound('Patient', patientId);
      await assertTreatedWithinGrant(tx.manager, patientId, command.locations);
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
