import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { MarkAtRiskUseCase } from '../session-reactions/mark-at-risk.use-case.js';
import { SchedulingReactionsConsumer } from '../session-reactions/scheduling-reactions.consumer.js';
import { OfferFreedTimeUseCase } from './offer-freed-time/offer-freed-time.use-case.js';
import { WaitlistController } from './waitlist.controller.js';

/** The waitlist, and what scheduling does when time frees up or a session runs late. */
@Module({
  imports: [AppointmentsModule],
  controllers: [WaitlistController, SchedulingReactionsConsumer],
  providers: [OfferFreedTimeUseCase, MarkAtRiskUseCase],
})
export class WaitlistModule {}
