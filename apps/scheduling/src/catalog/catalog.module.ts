import { Module } from '@nestjs/common';
import { ReplaceTherapySettingsUseCase } from './replace-therapy-settings/replace-therapy-settings.use-case.js';
import { ResetTherapySettingsUseCase } from './reset-therapy-settings/reset-therapy-settings.use-case.js';
import { TherapiesController } from './therapies.controller.js';

@Module({ controllers: [TherapiesController], providers: [ReplaceTherapySettingsUseCase, ResetTherapySettingsUseCase] })
export class CatalogModule {}
