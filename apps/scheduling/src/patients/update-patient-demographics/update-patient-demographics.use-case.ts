import { HttpStatus, Injectable } from '@nestjs/common';
import type { LocationGrant } from '@chairside/domain';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException, problemType } from '@chairside/platform';
import { publishContact } from '../patient-contact.js';
import { Patient } from '../patient.entity.js';
import { assertMrnFree } from '../patient-mrn.js';
import { normalizeMrn, normalizeName } from '../patient-name.js';
import { PatientRevision } from '../patient-revision.entity.js';
import { locationsParameter, visibleTo } from '../patient-scope.js';

export interface UpdatePatientDemographicsCommand {
  organisationId: string;
  /** The caller's location grant: a patient they may not see is not found. */
  locations: LocationGrant;
  actorId: string;
  patientId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  mrn: string;
  /** The version the caller last saw (If-Match, or `version` in the body): required. */
  expectedVersion: number | undefined;
}

const DEMOGRAPHICS = ['givenName', 'familyName', 'dateOfBirth', 'mrn'] as const;

/**
 * Replaces who the patient is (name, date of birth, medical record number) at the version the
 * caller saw: each change is a new version with a revision row naming who changed which fields.
 * A new name reaches notifications with the contact data (it greets the patient by name).
 */
@Injectable()
export class UpdatePatientDemographicsUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: UpdatePatientDemographicsCommand): Promise<Patient> {
    const { patientId, expectedVersion } = command;
    if (expectedVersion === undefined)
      throw new ProblemException({
        type: problemType('precondition-required'),
        title: 'Precondition required',
        status: HttpStatus.PRECONDITION_REQUIRED,
        detail: 'Send the version you last read (If-Match: "<version>"), so no one else’s change is overwritten.',
        errors: [{ field: 'If-Match', reason: 'is required to change demographics' }],
      });
    return this.unitOfWork.run(async (tx) => {
      const [visible] = (await tx.manager.query(
        `SELECT p.id FROM patient p WHERE p.id = $1 AND p.organisation_id = $2 AND ${visibleTo(3)} FOR UPDATE OF p`,
        [patientId, command.organisationId, locationsParameter(command.locations)],
      )) as unknown[];
      if (!visible) throw ProblemException.notFound('Patient', patientId);
      const found = (await tx.manager.findOneBy(Patient, { id: patientId }))!;
      if (expectedVersion !== found.version)
        throw ProblemException.conflict(
          'version-mismatch',
          `Patient ${patientId} is at version ${found.version}, not ${expectedVersion}. Reload and try again.`,
          { currentVersion: found.version },
        );
      const next = {
        givenName: command.givenName,
        familyName: command.familyName,
        dateOfBirth: command.dateOfBirth,
        mrn: normalizeMrn(command.mrn),
      };
      const changedFields = DEMOGRAPHICS.filter((field) => next[field] !== found[field]);
      if (!changedFields.length) return found;
      if (changedFields.includes('mrn')) await assertMrnFree(tx, command.organisationId, next.mrn, patientId);
      const changes = { ...next, nameSearch: normalizeName(`${next.givenName} ${next.familyName}`), version: found.version + 1 };
      Object.assign(found, changes);
      await tx.manager.update(Patient, { id: patientId }, changes);
      await tx.manager.insert(PatientRevision, {
        patientId,
        version: found.version,
        actorId: command.actorId,
        changedFields: [...changedFields],
      });
      await publishContact(tx, found);
      return found;
    });
  }
}
