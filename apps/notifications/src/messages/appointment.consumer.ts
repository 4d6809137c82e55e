import { Controller } from '@nestjs/common';
import {
  AppointmentAtRiskV1,
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  type EventOf,
  SessionDischargedV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { PlanMessagesUseCase } from './plan-messages.use-case.js';

/**
 * What each appointment event means for the patient's messages, in the inbox transaction.
 * "Now" is the event's time, so a replay plans the same rows (and finds them already there).
 */
@Controller()
export class AppointmentConsumer {
  constructor(private readonly planner: PlanMessagesUseCase) {}

  @OnEvent(AppointmentBookedV1)
  async onBooked(event: EventOf<typeof AppointmentBookedV1>, ctx: EventContext) {
    const d = event.data;
    await this.copy(ctx, d, 'booked', event.aggregatesequence);
    await this.planner.booked(ctx.transaction, this.facts(d), new Date(event.time));
  }

  @OnEvent(AppointmentRescheduledV1)
  async onRescheduled(event: EventOf<typeof AppointmentRescheduledV1>, ctx: EventContext) {
    const d = event.data;
    const now = new Date(event.time);
    await this.copy(ctx, d, 'booked', event.aggregatesequence);
    await this.planner.cancelPending(ctx.transaction, d.appointmentId, 'rescheduled', now);
    const facts = this.facts(d);
    const offsets = await this.planner.reminderOffsets(ctx.transaction, d.locationId);
    await this.planner.plan(
      ctx.transaction,
      facts,
      [
        { kind: 'reschedule', wanted: now, latest: facts.startsAt, details: { previousStartsAt: d.previousStartsAt } },
        ...this.planner.reminders(facts, offsets),
      ],
      now,
    );
  }

  @OnEvent(AppointmentCancelledV1)
  async onCancelled(event: EventOf<typeof AppointmentCancelledV1>, ctx: EventContext) {
    const d = event.data;
    const now = new Date(event.time);
    await this.copy(ctx, d, 'cancelled', event.aggregatesequence);
    await this.planner.cancelPending(ctx.transaction, d.appointmentId, 'cancelled', now);
    await this.planner.plan(
      ctx.transaction,
      this.facts(d),
      [{ kind: 'cancellation', wanted: now, latest: new Date(d.startsAt) }],
      now,
    );
  }

  @OnEvent(AppointmentNoShowV1)
  async onNoShow(event: EventOf<typeof AppointmentNoShowV1>, ctx: EventContext) {
    await ctx.manager.query(`UPDATE appointment_copy SET status = 'noshow' WHERE appointment_id = $1`, [
      event.data.appointmentId,
    ]);
    await this.planner.cancelPending(ctx.transaction, event.data.appointmentId, 'no-show', new Date(event.time));
  }

  /** A session before this appointment overruns: tell the patient, before they leave home if possible. */
  @OnEvent(AppointmentAtRiskV1)
  async onAtRisk(event: EventOf<typeof AppointmentAtRiskV1>, ctx: EventContext) {
    const d = event.data;
    await this.planner.plan(
      ctx.transaction,
      this.facts(d),
      [
        {
          kind: 'delay',
          wanted: new Date(event.time),
          latest: new Date(d.startsAt),
          details: { delayMinutes: d.delayMinutes, projectedStartsAt: d.projectedStartsAt },
        },
      ],
      new Date(event.time),
    );
  }

  /** The next day: how are you, and whom to call. */
  @OnEvent(SessionDischargedV1)
  async onDischarged(event: EventOf<typeof SessionDischargedV1>, ctx: EventContext) {
    const d = event.data;
    const [copy] = (await ctx.manager.query(
      `SELECT starts_at, time_zone FROM appointment_copy WHERE appointment_id = $1 AND time_zone IS NOT NULL`,
      [d.appointmentId],
    )) as Array<{ starts_at: Date; time_zone: string }>;
    if (!copy) return;
    await ctx.manager.query(`UPDATE appointment_copy SET status = 'fulfilled' WHERE appointment_id = $1`, [d.appointmentId]);
    const { wanted, latest } = this.planner.followUpAt(new Date(d.actualEndsAt), copy.time_zone);
    await this.planner.plan(
      ctx.transaction,
      {
        appointmentId: d.appointmentId,
        patientId: d.patientId,
        locationId: d.locationId,
        startsAt: new Date(copy.starts_at),
        timeZone: copy.time_zone,
      },
      [{ kind: 'follow-up', wanted, latest }],
      new Date(event.time),
    );
  }

  private facts(d: { appointmentId: string; patientId: string; locationId: string; startsAt: string; timeZone: string }) {
    return {
      appointmentId: d.appointmentId,
      patientId: d.patientId,
      locationId: d.locationId,
      startsAt: new Date(d.startsAt),
      timeZone: d.timeZone,
    };
  }

  private async copy(
    ctx: EventContext,
    d: {
      appointmentId: string;
      patientId: string;
      locationId: string;
      therapyCode: string;
      startsAt: string;
      endsAt: string;
      timeZone: string;
    },
    status: string,
    sequence: number,
  ) {
    await ctx.manager.query(
      `INSERT INTO appointment_copy (appointment_id, patient_id, location_id, therapy_code, starts_at, ends_at, status, sequence, time_zone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (appointment_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, status = EXCLUDED.status, sequence = EXCLUDED.sequence, time_zone = EXCLUDED.time_zone
       WHERE appointment_copy.sequence < EXCLUDED.sequence`,
      [
        d.appointmentId,
        d.patientId,
        d.locationId,
        d.therapyCode,
        new Date(d.startsAt),
        new Date(d.endsAt),
        status,
        sequence,
        d.timeZone,
      ],
    );
  }
}
