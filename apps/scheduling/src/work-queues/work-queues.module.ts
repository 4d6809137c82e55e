import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { ResolveWorkItemUseCase } from './resolve-work-item/resolve-work-item.use-case.js';
import { WorkQueuesController } from './work-queues.controller.js';
import { WorkQueuesQuery } from './work-queues.query.js';

@Module({
  imports: [AppointmentsModule],
  controllers: [WorkQueuesController],
  providers: [WorkQueuesQuery, ResolveWorkItemUseCase],
})
export class WorkQueuesModule {}
