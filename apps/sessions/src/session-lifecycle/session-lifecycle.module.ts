import { Module } from '@nestjs/common';
import { RecordSessionStepUseCase } from './record-session-step/record-session-step.use-case.js';
import { SessionDetailsQuery } from './session-details.query.js';
import { SessionsController } from './sessions.controller.js';

/** The infusion step by step: check-in to discharge, each step through the state machine. */
@Module({
  controllers: [SessionsController],
  providers: [RecordSessionStepUseCase, SessionDetailsQuery],
  exports: [RecordSessionStepUseCase],
})
export class SessionLifecycleModule {}
