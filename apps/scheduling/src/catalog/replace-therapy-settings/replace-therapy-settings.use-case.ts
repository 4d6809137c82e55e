import { Injectable } from '@nestjs/common';
import { DEFAULT_THERAPIES, therapyProblems, type TherapyDefinition } from '@chairside/domain';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { canonical, lockCurrentSetting, publishSettingsChange } from '../therapy-settings.js';
import { TherapySetting } from '../therapy-setting.entity.js';

export interface ReplaceTherapySettingsCommand {
  organisationId: string;
  definition: TherapyDefinition;
  /** From If-Match: the version the caller last saw ("0" for the default). */
  expectedVersion?: number;
}

/** An admin replaces one therapy's values for the whole organisation; placed appointments keep theirs. */
@Injectable()
export class ReplaceTherapySettingsUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: ReplaceTherapySettingsCommand): Promise<TherapySetting> {
    const { organisationId, definition } = command;
    const problems = therapyProblems(definition);
    if (problems.length)
      throw ProblemException.validation(
        problems.map((reason) => ({ field: reason.split(' ')[0]!, reason: reason.slice(reason.indexOf(' ') + 1) })),
      );
    return this.unitOfWork.run(async (tx) => {
      const current = await lockCurrentSetting(tx, organisationId, definition.code, command.expectedVersion);
      const setting = tx.manager.create(TherapySetting, {
        organisationId,
        therapyCode: definition.code,
        settings: definition,
        version: (current?.version ?? 0) + 1,
      });
      await tx.manager.save(setting);
      await publishSettingsChange(
        tx,
        organisationId,
        definition,
        setting.version,
        canonical(definition) === canonical(DEFAULT_THERAPIES[definition.code]),
      );
      return setting;
    });
  }
}
