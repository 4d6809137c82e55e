import { Module } from '@nestjs/common';
import { DefineTherapyUseCase } from './define-therapy/define-therapy.use-case.js';
import { OrganisationTherapiesController } from './organisation-therapies.controller.js';
import { ReplaceTherapySettingsUseCase } from './replace-therapy-settings/replace-therapy-settings.use-case.js';
import { ResetTherapySettingsUseCase } from './reset-therapy-settings/reset-therapy-settings.use-case.js';
import { ReviseTherapyUseCase } from './revise-therapy/revise-therapy.use-case.js';
import { TherapiesController } from './therapies.controller.js';

@Module({
  controllers: [TherapiesController, OrganisationTherapiesController],
  providers: [ReplaceTherapySettingsUseCase, ResetTherapySettingsUseCase, DefineTherapyUseCase, ReviseTherapyUseCase],
})
export class CatalogModule {}
