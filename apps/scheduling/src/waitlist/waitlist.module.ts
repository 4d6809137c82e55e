import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { JoinWaitlistUseCase } from './join-waitlist/join-waitlist.use-case.js';
import { OfferFreedTimeUseCase } from './offer-freed-time/offer-freed-time.use-case.js';
import { ReofferLapsedHoldUseCase } from './reoffer-lapsed-hold/reoffer-lapsed-hold.use-case.js';
import { WaitlistController } from './waitlist.controller.js';
import { WithdrawFromWaitlistUseCase } from './withdraw-from-waitlist/withdraw-from-waitlist.use-case.js';

/** The waitlist: patients waiting for time, and freed time offered to them in turn. */
@Module({
  imports: [AppointmentsModule],
  controllers: [WaitlistController],
  providers: [JoinWaitlistUseCase, WithdrawFromWaitlistUseCase, OfferFreedTimeUseCase, ReofferLapsedHoldUseCase],
  exports: [OfferFreedTimeUseCase, ReofferLapsedHoldUseCase],
})
export class WaitlistModule {}
