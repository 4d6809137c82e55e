import { Module } from '@nestjs/common';
import { OutagesController } from './outages.controller.js';
import { ScheduleChairOutageUseCase } from './schedule-chair-outage/schedule-chair-outage.use-case.js';
import { ChangeChairOutageUseCase } from './change-chair-outage/change-chair-outage.use-case.js';
import { CancelChairOutageUseCase } from './cancel-chair-outage/cancel-chair-outage.use-case.js';

@Module({
  controllers: [OutagesController],
  providers: [ScheduleChairOutageUseCase, CancelChairOutageUseCase, ChangeChairOutageUseCase],
})
export class OutagesModule {}
