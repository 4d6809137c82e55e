import { Module } from '@nestjs/common';
import { OutagesController } from './outages.controller.js';
import { ScheduleChairOutageUseCase } from './schedule-chair-outage/schedule-chair-outage.use-case.js';
import { CancelChairOutageUseCase } from './cancel-chair-outage/cancel-chair-outage.use-case.js';

@Module({ controllers: [OutagesController], providers: [ScheduleChairOutageUseCase, CancelChairOutageUseCase] })
export class OutagesModule {}
