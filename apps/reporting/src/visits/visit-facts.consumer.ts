import { Controller } from '@nestjs/common';
import {
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentConfirmedV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  type EventOf,
  InfusionCompletedV1,
  InfusionStartedV1,
  InfusionStoppedEarlyV1,
  NotificationDeliveredV1,
  NotificationFailedV1,
  NotificationSentV1,
  NotificationSuppressedV1,
  ReactionRecordedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionDrugReadyV1,
  SessionSeatedV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { VisitFactsProjector } from './visit-facts.projector.js';

/** Thin: the transport validated each event and opened the inbox transaction; the rows land when the run commits. */
@Controller()
export class VisitFactsConsumer {
  constructor(private readonly facts: VisitFactsProjector) {}

  @OnEvent(AppointmentBookedV1)
  onBooked(e: EventOf<typeof AppointmentBookedV1>, ctx: EventContext) {
    this.facts.planned(ctx, e.data, e.aggregatesequence);
  }

  @OnEvent(AppointmentRescheduledV1)
  onRescheduled(e: EventOf<typeof AppointmentRescheduledV1>, ctx: EventContext) {
    this.facts.planned(ctx, e.data, e.aggregatesequence);
  }

  @OnEvent(AppointmentCancelledV1)
  onCancelled(e: EventOf<typeof AppointmentCancelledV1>, ctx: EventContext) {
    this.facts.cancelled(ctx, {
      appointmentId: e.data.appointmentId,
      locationId: e.data.locationId,
      at: e.data.cancelledAt,
      lateCancellation: e.data.lateCancellation,
    });
  }

  @OnEvent(AppointmentNoShowV1)
  onNoShow(e: EventOf<typeof AppointmentNoShowV1>, ctx: EventContext) {
    this.facts.noShow(ctx, { appointmentId: e.data.appointmentId, locationId: e.data.locationId, at: e.data.markedAt });
  }

  @OnEvent(AppointmentConfirmedV1)
  onConfirmed(e: EventOf<typeof AppointmentConfirmedV1>, ctx: EventContext) {
    this.facts.moment(ctx, e.data.appointmentId, e.data.locationId, 'confirmed_at', e.data.confirmedAt);
  }

  @OnEvent(SessionCheckedInV1)
  onCheckedIn(e: EventOf<typeof SessionCheckedInV1>, ctx: EventContext) {
    this.facts.moment(ctx, e.data.appointmentId, e.data.locationId, 'checked_in_at', e.data.occurredAt);
  }

  @OnEvent(SessionSeatedV1)
  onSeated(e: EventOf<typeof SessionSeatedV1>, ctx: EventContext) {
    this.facts.moment(ctx, e.data.appointmentId, e.data.locationId, 'seated_at', e.data.occurredAt);
  }

  @OnEvent(SessionDrugReadyV1)
  onDrugReady(e: EventOf<typeof SessionDrugReadyV1>, ctx: EventContext) {
    this.facts.moment(ctx, e.data.appointmentId, e.data.locationId, 'drug_ready_at', e.data.occurredAt);
  }

  @OnEvent(InfusionStartedV1)
  onStarted(e: EventOf<typeof InfusionStartedV1>, ctx: EventContext) {
    this.facts.moment(ctx, e.data.appointmentId, e.data.locationId, 'infusion_started_at', e.data.occurredAt);
  }

  @OnEvent(InfusionCompletedV1)
  onCompleted(e: EventOf<typeof InfusionCompletedV1>, ctx: EventContext) {
    this.facts.moment(ctx, e.data.appointmentId, e.data.locationId, 'infusion_completed_at', e.data.occurredAt, {
      infusingMinutes: e.data.infusingMinutes,
    });
  }

  @OnEvent(InfusionStoppedEarlyV1)
  onStoppedEarly(e: EventOf<typeof InfusionStoppedEarlyV1>, ctx: EventContext) {
    this.facts.moment(ctx, e.data.appointmentId, e.data.locationId, 'stopped_early_at', e.data.occurredAt);
  }

  @OnEvent(SessionDischargedV1)
  onDischarged(e: EventOf<typeof SessionDischargedV1>, ctx: EventContext) {
    this.facts.moment(ctx, e.data.appointmentId, e.data.locationId, 'discharged_at', e.data.actualEndsAt, { fulfilled: true });
  }

  @OnEvent(ReactionRecordedV1)
  onReaction(e: EventOf<typeof ReactionRecordedV1>, ctx: EventContext) {
    const d = e.data;
    this.facts.reaction(ctx, {
      reactionId: d.reactionId,
      appointmentId: d.appointmentId,
      locationId: d.locationId,
      therapyCode: d.therapyCode,
      kind: d.kind,
      grade: d.ctcaeGrade,
      occurredAt: d.occurredAt,
    });
  }

  @OnEvent(NotificationSentV1)
  onSent(e: EventOf<typeof NotificationSentV1>, ctx: EventContext) {
    this.facts.message(ctx, e.data, 'sent', e.data.sentAt);
  }

  @OnEvent(NotificationDeliveredV1)
  onDelivered(e: EventOf<typeof NotificationDeliveredV1>, ctx: EventContext) {
    this.facts.message(ctx, e.data, 'delivered', e.data.deliveredAt);
  }

  @OnEvent(NotificationFailedV1)
  onFailed(e: EventOf<typeof NotificationFailedV1>, ctx: EventContext) {
    this.facts.message(ctx, e.data, 'failed', e.data.failedAt);
  }

  @OnEvent(NotificationSuppressedV1)
  onSuppressed(e: EventOf<typeof NotificationSuppressedV1>, ctx: EventContext) {
    this.facts.message(ctx, e.data, 'suppressed', e.data.suppressedAt);
  }
}
