import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module.js';
import { AppointmentConsumer } from './appointment.consumer.js';
import { AppointmentMessagesQuery } from './appointment-messages.query.js';
import { MessagesController } from './messages.controller.js';
import { PlanBookingMessagesUseCase } from './plan-booking-messages/plan-booking-messages.use-case.js';
import { PlanCancellationNoticeUseCase } from './plan-cancellation-notice/plan-cancellation-notice.use-case.js';
import { PlanBackOnTimeNoticeUseCase } from './plan-back-on-time-notice/plan-back-on-time-notice.use-case.js';
import { PlanDelayNoticeUseCase } from './plan-delay-notice/plan-delay-notice.use-case.js';
import { PlanFollowUpUseCase } from './plan-follow-up/plan-follow-up.use-case.js';
import { PlanMessagesUseCase } from './plan-messages/plan-messages.use-case.js';
import { PlanWaitlistOfferUseCase } from './plan-waitlist-offer/plan-waitlist-offer.use-case.js';
import { PlanRescheduleNoticeUseCase } from './plan-reschedule-notice/plan-reschedule-notice.use-case.js';
import { RecordDeliveryUseCase } from './record-delivery/record-delivery.use-case.js';
import { ResendMessageUseCase } from './resend-message/resend-message.use-case.js';
import { WithdrawMessagesUseCase } from './withdraw-messages/withdraw-messages.use-case.js';

/** The durable message schedule: planned from appointment events, withdrawn when they change, delivery recorded, failed ones resent. */
@Module({
  imports: [DispatchModule],
  controllers: [AppointmentConsumer, MessagesController],
  providers: [
    AppointmentMessagesQuery,
    PlanMessagesUseCase,
    PlanBookingMessagesUseCase,
    PlanRescheduleNoticeUseCase,
    PlanCancellationNoticeUseCase,
    PlanDelayNoticeUseCase,
    PlanBackOnTimeNoticeUseCase,
    PlanFollowUpUseCase,
    PlanWaitlistOfferUseCase,
    WithdrawMessagesUseCase,
    RecordDeliveryUseCase,
    ResendMessageUseCase,
  ],
  exports: [PlanBookingMessagesUseCase, WithdrawMessagesUseCase, RecordDeliveryUseCase],
})
export class MessagesModule {}
