import { Module } from '@nestjs/common';
import { OpeningHoursController } from './opening-hours.controller.js';
import { SetOpeningHoursUseCase } from './set-opening-hours/set-opening-hours.use-case.js';

@Module({ controllers: [OpeningHoursController], providers: [SetOpeningHoursUseCase] })
export class OpeningHoursModule {}
