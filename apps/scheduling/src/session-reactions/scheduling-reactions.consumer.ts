import { Controller } from '@nestjs/common';
import {
  AppointmentCancelledV1,
  AppointmentHoldExpiredV1,
  type EventOf,
  PatientReplyReceivedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionEndedEarlyV1,
  SessionOverrunProjectedV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { OfferFreedTimeUseCase } from '../waitlist/offer-freed-time/offer-freed-time.use-case.js';
import { MarkAtRiskUseCase } from './mark-at-risk.use-case.js';
import { ConfirmAppointmentUseCase } from '../appointments/change-appointment/confirm-appointment.use-case.js';

/**
 * What scheduling does when time frees up or runs late. Each runs in the inbox transaction, so a
 * redelivered event changes nothing twice. "Now" is when the event happened, not when it is
 * read, so a replay decides the same way.
 */
@Controller()
export class SchedulingReactionsConsumer {
  constructor(
    private readonly offers: OfferFreedTimeUseCase,
    private readonly atRisk: MarkAtRiskUseCase,
    private readonly confirm: ConfirmAppointmentUseCase,
  ) {}

  @OnEvent(AppointmentCancelledV1)
  async onCancelled(event: EventOf<typeof AppointmentCancelledV1>, ctx: EventContext) {
    const d = event.data;
    await this.offers.execute(ctx.transaction, {
      locationId: d.locationId,
      from: new Date(d.startsAt),
      to: new Date(d.endsAt),
      now: new Date(event.time),
      freedByAppointmentId: d.appointmentId,
    });
  }

  @OnEvent(AppointmentHoldExpiredV1)
  async onHoldExpired(event: EventOf<typeof AppointmentHoldExpiredV1>, ctx: EventContext) {
    const d = event.data;
    const lapsed = (await ctx.manager.query(
      `UPDATE waitlist_request SET status = 'waiting', offered_appointment_id = NULL, version = version + 1 WHERE offered_appointment_id = $1 AND status = 'offered' RETURNING id`,
      [d.appointmentId],
    )) as [Array<{ id: string }>, number];
    const skip = lapsed[0]?.[0]?.id;
    await this.offers.execute(ctx.transaction, {
      locationId: d.locationId,
      from: new Date(d.startsAt),
      to: new Date(d.endsAt),
      now: new Date(event.time),
      ...(skip ? { skipRequestId: skip } : {}),
    });
  }

  @OnEvent(SessionEndedEarlyV1)
  async onEndedEarly(event: EventOf<typeof SessionEndedEarlyV1>, ctx: EventContext) {
    const d = event.data;
    // The chair is free from the actual end plus its turnover; the row keeps the planned times' turnover.
    await ctx.manager.query(
      `UPDATE appointment SET chair_released_at = $2::timestamptz + (chair_released_at - ends_at), ends_at = $2, status = 'fulfilled'
        WHERE id = $1 AND ends_at > $2 AND status IN ('booked', 'arrived', 'checked-in')`,
      [d.appointmentId, new Date(d.actualEndsAt)],
    );
    await this.offers.execute(ctx.transaction, {
      locationId: d.locationId,
      from: new Date(d.actualEndsAt),
      to: new Date(d.plannedEndsAt),
      now: new Date(event.time),
      freedByAppointmentId: d.appointmentId,
    });
  }

  /** FHIR Appointment arrived: the patient is here (the session owns what happens next). */
  @OnEvent(SessionCheckedInV1)
  async onCheckedIn(event: EventOf<typeof SessionCheckedInV1>, ctx: EventContext) {
    await ctx.manager.query(`UPDATE appointment SET status = 'arrived' WHERE id = $1 AND status = 'booked'`, [
      event.data.appointmentId,
    ]);
  }

  /** Fulfilled, with the actual end: reporting and the next booking see what really happened. */
  @OnEvent(SessionDischargedV1)
  async onDischarged(event: EventOf<typeof SessionDischargedV1>, ctx: EventContext) {
    await ctx.manager.query(
      `UPDATE appointment SET status = 'fulfilled', actual_ends_at = $2 WHERE id = $1 AND status IN ('booked', 'arrived', 'checked-in', 'fulfilled')`,
      [event.data.appointmentId, new Date(event.data.actualEndsAt)],
    );
  }

  /** C or YES confirms; R asks to move (flagged for staff to call); STOP is handled by notifications. */
  @OnEvent(PatientReplyReceivedV1)
  async onReply(event: EventOf<typeof PatientReplyReceivedV1>, ctx: EventContext) {
    const d = event.data;
    const [location] = (await ctx.manager.query('SELECT organisation_id FROM location WHERE id = $1', [d.locationId])) as Array<{
      organisation_id: string;
    }>;
    if (!location) return;
    if (d.intent === 'confirm') {
      // A reply to an appointment that has since moved on (cancelled, fulfilled) confirms nothing.
      const [booked] = (await ctx.manager.query(`SELECT 1 FROM appointment WHERE id = $1 AND status = 'booked'`, [
        d.appointmentId,
      ])) as unknown[];
      if (booked)
        await this.confirm.inTransaction(ctx.transaction, {
          organisationId: location.organisation_id,
          locationId: d.locationId,
          appointmentId: d.appointmentId,
          via: 'patient_reply',
          now: new Date(d.receivedAt),
        });
    } else if (d.intent === 'reschedule') {
      await ctx.manager.query(
        `UPDATE appointment SET reschedule_requested_at = $2 WHERE id = $1 AND reschedule_requested_at IS NULL`,
        [d.appointmentId, new Date(d.receivedAt)],
      );
    }
  }

  @OnEvent(SessionOverrunProjectedV1)
  async onOverrun(event: EventOf<typeof SessionOverrunProjectedV1>, ctx: EventContext) {
    const d = event.data;
    await this.atRisk.execute(ctx.transaction, {
      overrunAppointmentId: d.appointmentId,
      locationId: d.locationId,
      chairId: d.chairId,
      nurseId: d.nurseId,
      plannedEndsAt: new Date(d.plannedEndsAt),
      projectedEndsAt: new Date(d.projectedEndsAt),
      now: new Date(event.time),
    });
  }
}
