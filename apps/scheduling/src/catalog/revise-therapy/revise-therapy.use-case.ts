import { Injectable } from '@nestjs/common';
import type { PreparationRequirements, TherapyCode } from '@chairside/domain';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import type { OrganisationTherapy } from '../organisation-therapy.entity.js';
import {
  assertUsable,
  organisationTherapy,
  publishTherapyDefined,
  storedSettings,
  type TherapyValues,
} from '../organisation-therapies.js';

export interface ReviseTherapyCommand {
  organisationId: string;
  therapyId: string;
  countedAs: TherapyCode;
  values: TherapyValues;
  preparation: PreparationRequirements;
  /** From If-Match: the version the caller last saw. */
  expectedVersion?: number;
}

/**
 * An admin changes a therapy the organisation defined (a full replacement; the code stays).
 * Appointments already placed keep their durations; reminders not yet sent keep the preparation the
 * booking carried, which is what the patient was told.
 */
@Injectable()
export class ReviseTherapyUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: ReviseTherapyCommand): Promise<OrganisationTherapy> {
    const settings = storedSettings(command.countedAs, command.values, command.preparation);
    assertUsable(settings);
    return this.unitOfWork.run(async (tx) => {
      const therapy = await organisationTherapy(tx.manager, command.organisationId, command.therapyId, true);
      if (command.expectedVersion !== undefined && command.expectedVersion !== therapy.version)
        throw ProblemException.conflict(
          'version-mismatch',
          `Therapy ${therapy.code} is at version ${therapy.version}, not ${command.expectedVersion}. Reload and try again.`,
          { currentVersion: therapy.version },
        );
      Object.assign(therapy, {
        countedAs: command.countedAs,
        settings,
        preparation: command.preparation,
        version: therapy.version + 1,
      });
      await tx.manager.save(therapy);
      await publishTherapyDefined(tx, therapy);
      return therapy;
    });
  }
}
