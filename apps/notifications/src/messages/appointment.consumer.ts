import { Controller } from '@nestjs/common';
import {
  AppointmentAtRiskV1,
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentDelayClearedV1,
  AppointmentHoldExpiredV1,
  AppointmentWaitlistOfferedV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  type EventOf,
  SessionDischargedV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { markAppointment, projectAppointment } from '../directory/directory.projector.js';
import type { AppointmentFacts } from './plan-messages/plan-messages.use-case.js';
import { PlanBookingMessagesUseCase } from './plan-booking-messages/plan-booking-messages.use-case.js';
import { PlanCancellationNoticeUseCase } from './plan-cancellation-notice/plan-cancellation-notice.use-case.js';
import { PlanBackOnTimeNoticeUseCase } from './plan-back-on-time-notice/plan-back-on-time-notice.use-case.js';
import { PlanDelayNoticeUseCase } from './plan-delay-notice/plan-delay-notice.use-case.js';
import { PlanFollowUpUseCase } from './plan-follow-up/plan-follow-up.use-case.js';
import { PlanWaitlistOfferUseCase } from './plan-waitlist-offer/plan-waitlist-offer.use-case.js';
import { PlanRescheduleNoticeUseCase } from './plan-reschedule-notice/plan-reschedule-notice.use-case.js';
import { WithdrawMessagesUseCase } from './withdraw-messages/withdraw-messages.use-case.js';

/**
 * What each appointment event means for the patient's messages, in the inbox transaction: the
 * directory's copy of the appointment first, then the messages. "Now" is the event's time, so a
 * replay plans the same rows (and finds them already there).
 */
@Controller()
export class AppointmentConsumer {
  constructor(
    private readonly booking: PlanBookingMessagesUseCase,
    private readonly reschedule: PlanRescheduleNoticeUseCase,
    private readonly cancellation: PlanCancellationNoticeUseCase,
    private readonly withdraw: WithdrawMessagesUseCase,
    private readonly delay: PlanDelayNoticeUseCase,
    private readonly backOnTime: PlanBackOnTimeNoticeUseCase,
    private readonly followUp: PlanFollowUpUseCase,
    private readonly waitlistOffer: PlanWaitlistOfferUseCase,
  ) {}

  @OnEvent(AppointmentWaitlistOfferedV1)
  async onWaitlistOffered(event: EventOf<typeof AppointmentWaitlistOfferedV1>, ctx: EventContext) {
    await projectAppointment(ctx.manager, event.data, 'held', event.aggregatesequence);
    await this.waitlistOffer.inTransaction(ctx.transaction, {
      appointment: facts(event.data),
      offerExpiresAt: new Date(event.data.offerExpiresAt),
      now: new Date(event.time),
    });
  }

  /** An offer (or any hold) lapsed unbooked: the offer's messages still waiting are withdrawn. */
  @OnEvent(AppointmentHoldExpiredV1)
  async onHoldExpired(event: EventOf<typeof AppointmentHoldExpiredV1>, ctx: EventContext) {
    await projectAppointment(ctx.manager, event.data, 'cancelled', event.aggregatesequence);
    await this.withdraw.inTransaction(ctx.transaction, {
      appointmentId: event.data.appointmentId,
      because: 'cancelled',
      now: new Date(event.time),
    });
  }

  @OnEvent(AppointmentBookedV1)
  async onBooked(event: EventOf<typeof AppointmentBookedV1>, ctx: EventContext) {
    await projectAppointment(ctx.manager, event.data, 'booked', event.aggregatesequence);
    await this.booking.inTransaction(ctx.transaction, { appointment: facts(event.data), now: new Date(event.time) });
  }

  @OnEvent(AppointmentRescheduledV1)
  async onRescheduled(event: EventOf<typeof AppointmentRescheduledV1>, ctx: EventContext) {
    const d = event.data;
    await projectAppointment(ctx.manager, d, 'booked', event.aggregatesequence);
    // Another chair or nurse at the same time (a patient moved while here, or a re-plan that kept
    // the time) changes nothing the patient was told: no notice, the reminders stand.
    if (d.previousStartsAt === d.startsAt) return;
    await this.reschedule.inTransaction(ctx.transaction, {
      appointment: facts(d),
      previousStartsAt: d.previousStartsAt,
      now: new Date(event.time),
    });
  }

  @OnEvent(AppointmentCancelledV1)
  async onCancelled(event: EventOf<typeof AppointmentCancelledV1>, ctx: EventContext) {
    await projectAppointment(ctx.manager, event.data, 'cancelled', event.aggregatesequence);
    await this.cancellation.inTransaction(ctx.transaction, { appointment: facts(event.data), now: new Date(event.time) });
  }

  @OnEvent(AppointmentNoShowV1)
  async onNoShow(event: EventOf<typeof AppointmentNoShowV1>, ctx: EventContext) {
    await markAppointment(ctx.manager, event.data.appointmentId, 'noshow');
    await this.withdraw.inTransaction(ctx.transaction, {
      appointmentId: event.data.appointmentId,
      because: 'no-show',
      now: new Date(event.time),
    });
  }

  @OnEvent(AppointmentAtRiskV1)
  onAtRisk(event: EventOf<typeof AppointmentAtRiskV1>, ctx: EventContext) {
    const d = event.data;
    return this.delay.inTransaction(ctx.transaction, {
      appointment: facts(d),
      delayMinutes: d.delayMinutes,
      projectedStartsAt: d.projectedStartsAt,
      now: new Date(event.time),
    });
  }

  @OnEvent(AppointmentDelayClearedV1)
  onDelayCleared(event: EventOf<typeof AppointmentDelayClearedV1>, ctx: EventContext) {
    return this.backOnTime.inTransaction(ctx.transaction, { appointment: facts(event.data), now: new Date(event.time) });
  }

  @OnEvent(SessionDischargedV1)
  onDischarged(event: EventOf<typeof SessionDischargedV1>, ctx: EventContext) {
    const d = event.data;
    return this.followUp.inTransaction(ctx.transaction, {
      appointmentId: d.appointmentId,
      patientId: d.patientId,
      locationId: d.locationId,
      dischargedAt: new Date(d.actualEndsAt),
      mayDrive: d.mayDrive,
      ...(d.instructions ? { instructions: d.instructions } : {}),
      now: new Date(event.time),
    });
  }
}

function facts(d: {
  appointmentId: string;
  patientId: string;
  locationId: string;
  startsAt: string;
  timeZone: string;
}): AppointmentFacts {
  return {
    appointmentId: d.appointmentId,
    patientId: d.patientId,
    locationId: d.locationId,
    startsAt: new Date(d.startsAt),
    timeZone: d.timeZone,
  };
}
