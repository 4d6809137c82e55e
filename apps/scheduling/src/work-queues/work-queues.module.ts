import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { ResolveResentMessageUseCase } from './resolve-resent-message/resolve-resent-message.use-case.js';
import { ResolveWorkItemUseCase } from './resolve-work-item/resolve-work-item.use-case.js';
import { WorkQueuesController } from './work-queues.controller.js';
import { WorkQueuesQuery } from './work-queues.query.js';

@Module({
  imports: [AppointmentsModule],
  controllers: [WorkQueuesController],
  providers: [WorkQueuesQuery, ResolveWorkItemUseCase, ResolveResentMessageUseCase],
  exports: [ResolveResentMessageUseCase],
})
export class WorkQueuesModule {}
