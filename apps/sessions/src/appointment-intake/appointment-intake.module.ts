import { Module } from '@nestjs/common';
import { SessionLifecycleModule } from '../session-lifecycle/session-lifecycle.module.js';
import { AppointmentIntakeConsumer } from './appointment-intake.consumer.js';
import { EndExpectedSessionUseCase } from './end-expected-session/end-expected-session.use-case.js';
import { ExpectSessionUseCase } from './expect-session/expect-session.use-case.js';
import { MoveSessionUseCase } from './move-session/move-session.use-case.js';
import { RejectLateEventUseCase } from './reject-late-event/reject-late-event.use-case.js';

/** Scheduling's appointments as sessions expected at the chair: booked, moved, cancelled, no-show. */
@Module({
  imports: [SessionLifecycleModule],
  controllers: [AppointmentIntakeConsumer],
  providers: [ExpectSessionUseCase, MoveSessionUseCase, EndExpectedSessionUseCase, RejectLateEventUseCase],
})
export class AppointmentIntakeModule {}
