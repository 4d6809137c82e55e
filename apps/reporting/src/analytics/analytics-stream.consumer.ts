import { Controller } from '@nestjs/common';
import {
  AnalyticsChairAddedV1,
  AnalyticsInfusionCompletedV1,
  AnalyticsInfusionPausedV1,
  AnalyticsInfusionRateChangedV1,
  AnalyticsInfusionResumedV1,
  AnalyticsInfusionStartedV1,
  AnalyticsInfusionStoppedEarlyV1,
  AnalyticsLocationDescribedV1,
  AnalyticsLocationHoursSetV1,
  AnalyticsMessageOutcomeV1,
  AnalyticsReactionRecordedV1,
  AnalyticsSessionAccessEstablishedV1,
  AnalyticsSessionCheckedInV1,
  AnalyticsSessionDischargedV1,
  AnalyticsSessionDrugReadyV1,
  AnalyticsSessionSeatedV1,
  AnalyticsVisitCancelledV1,
  AnalyticsVisitConfirmedV1,
  AnalyticsVisitNoShowV1,
  AnalyticsVisitPlannedV1,
  AnalyticsVitalsOutOfRangeV1,
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentConfirmedV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  ChairAddedV1,
  type EventOf,
  InfusionCompletedV1,
  InfusionPausedV1,
  InfusionRateChangedV1,
  InfusionResumedV1,
  InfusionStartedV1,
  InfusionStoppedEarlyV1,
  LocationHoursSetV1,
  LocationRegisteredV1,
  LocationUpdatedV1,
  NotificationCancelledV1,
  NotificationDeliveredV1,
  NotificationFailedV1,
  NotificationSentV1,
  NotificationSuppressedV1,
  ReactionRecordedV1,
  SessionAccessEstablishedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionDrugReadyV1,
  SessionSeatedV1,
  VitalsOutOfRangeV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import * as deidentify from './deidentify.js';
import { AnalyticsStreamPublisher } from './analytics-stream.publisher.js';

/**
 * Thin: each internal event reporting reads becomes its de-identified copy on the analytics
 * topics (deidentify.ts chooses the fields), staged in the same inbox transaction as the facts.
 */
@Controller()
export class AnalyticsStreamConsumer {
  constructor(private readonly stream: AnalyticsStreamPublisher) {}

  @OnEvent(AppointmentBookedV1)
  onBooked(e: EventOf<typeof AppointmentBookedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsVisitPlannedV1, deidentify.visitPlanned(e.data, this.stream.pseudonymOf(e.data.patientId)));
  }

  @OnEvent(AppointmentRescheduledV1)
  onRescheduled(e: EventOf<typeof AppointmentRescheduledV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsVisitPlannedV1, deidentify.visitPlanned(e.data, this.stream.pseudonymOf(e.data.patientId)));
  }

  @OnEvent(AppointmentConfirmedV1)
  onConfirmed(e: EventOf<typeof AppointmentConfirmedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsVisitConfirmedV1, deidentify.visitConfirmed(e.data));
  }

  @OnEvent(AppointmentCancelledV1)
  onCancelled(e: EventOf<typeof AppointmentCancelledV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsVisitCancelledV1, deidentify.visitCancelled(e.data));
  }

  @OnEvent(AppointmentNoShowV1)
  onNoShow(e: EventOf<typeof AppointmentNoShowV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsVisitNoShowV1, deidentify.visitNoShow(e.data));
  }

  @OnEvent(SessionCheckedInV1)
  onCheckedIn(e: EventOf<typeof SessionCheckedInV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsSessionCheckedInV1, deidentify.checkedIn(e.data));
  }

  @OnEvent(SessionSeatedV1)
  onSeated(e: EventOf<typeof SessionSeatedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsSessionSeatedV1, deidentify.sessionStep(e.data));
  }

  @OnEvent(SessionDrugReadyV1)
  onDrugReady(e: EventOf<typeof SessionDrugReadyV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsSessionDrugReadyV1, deidentify.sessionStep(e.data));
  }

  @OnEvent(SessionAccessEstablishedV1)
  onAccess(e: EventOf<typeof SessionAccessEstablishedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsSessionAccessEstablishedV1, deidentify.accessEstablished(e.data));
  }

  @OnEvent(InfusionStartedV1)
  onStarted(e: EventOf<typeof InfusionStartedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsInfusionStartedV1, deidentify.infusionStarted(e.data));
  }

  @OnEvent(InfusionPausedV1)
  onPaused(e: EventOf<typeof InfusionPausedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsInfusionPausedV1, deidentify.sessionStep(e.data));
  }

  @OnEvent(InfusionResumedV1)
  onResumed(e: EventOf<typeof InfusionResumedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsInfusionResumedV1, { ...deidentify.sessionStep(e.data), ratePercent: e.data.ratePercent });
  }

  @OnEvent(InfusionRateChangedV1)
  onRateChanged(e: EventOf<typeof InfusionRateChangedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsInfusionRateChangedV1, {
      ...deidentify.sessionStep(e.data),
      ratePercent: e.data.ratePercent,
    });
  }

  @OnEvent(InfusionCompletedV1)
  onCompleted(e: EventOf<typeof InfusionCompletedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsInfusionCompletedV1, deidentify.infusionCompleted(e.data));
  }

  @OnEvent(InfusionStoppedEarlyV1)
  onStoppedEarly(e: EventOf<typeof InfusionStoppedEarlyV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsInfusionStoppedEarlyV1, deidentify.sessionStep(e.data));
  }

  @OnEvent(SessionDischargedV1)
  onDischarged(e: EventOf<typeof SessionDischargedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsSessionDischargedV1, deidentify.discharged(e.data));
  }

  @OnEvent(ReactionRecordedV1)
  onReaction(e: EventOf<typeof ReactionRecordedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsReactionRecordedV1, deidentify.reaction(e.data));
  }

  @OnEvent(VitalsOutOfRangeV1)
  onVitalsOutOfRange(e: EventOf<typeof VitalsOutOfRangeV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsVitalsOutOfRangeV1, deidentify.vitalsOutOfRange(e.data));
  }

  @OnEvent(NotificationSentV1)
  onSent(e: EventOf<typeof NotificationSentV1>, ctx: EventContext) {
    this.stream.publish(
      ctx,
      AnalyticsMessageOutcomeV1,
      deidentify.messageOutcome(e.data, 'sent', e.data.sentAt, { fallback: e.data.fallback }),
    );
  }

  @OnEvent(NotificationDeliveredV1)
  onDelivered(e: EventOf<typeof NotificationDeliveredV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsMessageOutcomeV1, deidentify.messageOutcome(e.data, 'delivered', e.data.deliveredAt));
  }

  /** The provider's error text stays in notifications. */
  @OnEvent(NotificationFailedV1)
  onFailed(e: EventOf<typeof NotificationFailedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsMessageOutcomeV1, deidentify.messageOutcome(e.data, 'failed', e.data.failedAt));
  }

  @OnEvent(NotificationSuppressedV1)
  onSuppressed(e: EventOf<typeof NotificationSuppressedV1>, ctx: EventContext) {
    this.stream.publish(
      ctx,
      AnalyticsMessageOutcomeV1,
      deidentify.messageOutcome(e.data, 'suppressed', e.data.suppressedAt, { reason: e.data.reason }),
    );
  }

  @OnEvent(NotificationCancelledV1)
  onMessageCancelled(e: EventOf<typeof NotificationCancelledV1>, ctx: EventContext) {
    this.stream.publish(
      ctx,
      AnalyticsMessageOutcomeV1,
      deidentify.messageOutcome(e.data, 'cancelled', e.data.cancelledAt, { reason: e.data.because }),
    );
  }

  @OnEvent(LocationRegisteredV1)
  onLocationRegistered(e: EventOf<typeof LocationRegisteredV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsLocationDescribedV1, deidentify.locationDescribed(e.data));
  }

  @OnEvent(LocationUpdatedV1)
  onLocationUpdated(e: EventOf<typeof LocationUpdatedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsLocationDescribedV1, deidentify.locationDescribed(e.data));
  }

  @OnEvent(LocationHoursSetV1)
  onHoursSet(e: EventOf<typeof LocationHoursSetV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsLocationHoursSetV1, deidentify.locationHours(e.data));
  }

  @OnEvent(ChairAddedV1)
  onChairAdded(e: EventOf<typeof ChairAddedV1>, ctx: EventContext) {
    this.stream.publish(ctx, AnalyticsChairAddedV1, deidentify.chairAdded(e.data));
  }
}
