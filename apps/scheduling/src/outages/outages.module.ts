import { Module } from '@nestjs/common';
import { OutagesController } from './outages.controller.js';
import { ScheduleChairOutageUseCase } from './schedule-chair-outage/schedule-chair-outage.use-case.js';

@Module({ controllers: [OutagesController], providers: [ScheduleChairOutageUseCase] })
export class OutagesModule {}
