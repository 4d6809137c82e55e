import { Module } from '@nestjs/common';
import { RecordSessionStepUseCase } from './record-session-step/record-session-step.use-case.js';
import { SessionDetailsQuery } from './session-details.query.js';
import { SessionsController } from './sessions.controller.js';
import { EnterStepInErrorUseCase } from './enter-step-in-error/enter-step-in-error.use-case.js';
import { UndoCheckInUseCase } from './undo-check-in/undo-check-in.use-case.js';

/** The infusion step by step: check-in to discharge, each step through the state machine. */
@Module({
  controllers: [SessionsController],
  providers: [RecordSessionStepUseCase, SessionDetailsQuery, EnterStepInErrorUseCase, UndoCheckInUseCase],
  exports: [RecordSessionStepUseCase, EnterStepInErrorUseCase],
})
export class SessionLifecycleModule {}
