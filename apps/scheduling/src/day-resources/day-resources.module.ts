import { Module } from '@nestjs/common';
import { DayResourcesController } from './day-resources.controller.js';
import { DayResourcesQuery } from './day-resources.query.js';

@Module({ controllers: [DayResourcesController], providers: [DayResourcesQuery] })
export class DayResourcesModule {}
