import { Injectable } from '@nestjs/common';
import { DEFAULT_THERAPIES, type TherapyCode } from '@chairside/domain';
import { UnitOfWork } from '@chairside/messaging';
import { lockCurrentSetting, publishSettingsChange } from '../therapy-settings.js';
import { TherapySetting } from '../therapy-setting.entity.js';

export interface ResetTherapySettingsCommand {
  organisationId: string;
  code: TherapyCode;
  /** From If-Match: the version the caller last saw. */
  expectedVersion?: number;
}

/**
 * Back to the catalog default. The row stays, holding the defaults, so the version (and the
 * events' sequence) keeps counting up; a therapy never changed has nothing to reset (null).
 */
@Injectable()
export class ResetTherapySettingsUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ResetTherapySettingsCommand): Promise<TherapySetting | null> {
    const { organisationId, code } = command;
    return this.unitOfWork.run(async (tx) => {
      const current = await lockCurrentSetting(tx, organisationId, code, command.expectedVersion);
      if (!current) return null;
      const setting = tx.manager.create(TherapySetting, {
        organisationId,
        therapyCode: code,
        settings: DEFAULT_THERAPIES[code],
        version: current.version + 1,
      });
      await tx.manager.save(setting);
      await publishSettingsChange(tx, organisationId, DEFAULT_THERAPIES[code], setting.version, true);
      return setting;
    });
  }
}
