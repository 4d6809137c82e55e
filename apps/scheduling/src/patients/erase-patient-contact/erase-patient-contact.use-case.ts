import { Injectable } from '@nestjs/common';
import { PatientContactChangedV1, PatientContactErasedV1, Topics } from '@chairside/contracts';
import type { LocationGrant } from '@chairside/domain';
import { appendTombstone, UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Patient } from '../patient.entity.js';
import { PatientRevision } from '../patient-revision.entity.js';
import { locationsParameter, visibleTo } from '../patient-scope.js';

export interface ErasePatientContactCommand {
  organisationId: string;
  /** The caller's location grant: a patient they may not see is not found. */
  locations: LocationGrant;
  /** Who asked (token subject), for the revision row; the audit trail has the request. */
  actorId: string;
  patientId: string;
}

export interface ErasedContact {
  id: string;
  version: number;
  erasedAt: string;
}

/** What erasure clears on the patient: how to reach them, and their wishes about it. */
const ERASED_FIELDS = ['phone', 'email', 'notificationConsent', 'preferences'] as const;

/**
 * Erases how a patient is reached, on their request (GDPR art. 17): phone, email, consent and
 * preferences are cleared here, every service that keeps a copy is told to forget it (the
 * contact-erased event), and a tombstone on the compacted contacts topic lets Kafka drop every
 * earlier contact record; the copies of them this service's outbox still keeps go now. The
 * medical record (name, date of birth, MRN), the audit trail and the de-identified facts stay.
 */
@Injectable()
export class ErasePatientContactUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: ErasePatientContactCommand): Promise<ErasedContact> {
    const { patientId } = command;
    return this.unitOfWork.run(async (tx) => {
      const [visible] = (await tx.manager.query(
        `SELECT p.id FROM patient p WHERE p.id = $1 AND p.organisation_id = $2 AND ${visibleTo(3)} FOR UPDATE OF p`,
        [patientId, command.organisationId, locationsParameter(command.locations)],
      )) as unknown[];
      if (!visible) throw ProblemException.notFound('Patient', patientId);
      const found = (await tx.manager.findOneBy(Patient, { id: patientId }))!;
      const version = found.version + 1;
      await tx.manager.update(
        Patient,
        { id: patientId },
        { phone: null, email: null, notificationConsent: false, preferences: null, version },
      );
      await tx.manager.insert(PatientRevision, {
        patientId,
        version,
        actorId: command.actorId,
        changedFields: [...ERASED_FIELDS],
      });
      // Published contact records are kept in the outbox for a while (audit of what was sent):
      // not this patient's, once they asked to be forgotten.
      await tx.manager.query(`DELETE FROM outbox WHERE aggregate_type = 'patient' AND aggregate_id = $1 AND event_type = $2`, [
        patientId,
        PatientContactChangedV1.type,
      ]);
      const erasedAt = new Date().toISOString();
      await tx.publish(
        PatientContactErasedV1,
        { patientId, organisationId: found.organisationId, erasedAt },
        { aggregateId: patientId, aggregateSequence: version },
      );
      await appendTombstone(tx.manager, Topics.schedulingPatientContacts, patientId, version);
      return { id: patientId, version, erasedAt };
    });
  }
}
