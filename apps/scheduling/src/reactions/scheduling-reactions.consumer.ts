import { Controller } from '@nestjs/common';
import {
  AppointmentCancelledV1,
  AppointmentHoldExpiredV1,
  AppointmentNeedsReplanV1,
  EmailBouncedV1,
  type EventOf,
  FollowUpAlertRaisedV1,
  NotificationFailedV1,
  NotificationResentV1,
  PatientCancellationConfirmedV1,
  PatientOfferAcceptedV1,
  PatientReplyReceivedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionEndedEarlyV1,
  SessionOverrunProjectedV1,
  SessionStepEnteredInErrorV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { MarkArrivedUseCase } from '../appointments/mark-arrived/mark-arrived.use-case.js';
import { MarkAtRiskUseCase } from '../appointments/mark-at-risk/mark-at-risk.use-case.js';
import { ClearDelayUseCase } from '../appointments/clear-delay/clear-delay.use-case.js';
import { RaisePatientAlertUseCase } from '../patient-alerts/raise-patient-alert/raise-patient-alert.use-case.js';
import { UndoArrivalUseCase } from '../appointments/undo-arrival/undo-arrival.use-case.js';
import { MarkFulfilledUseCase } from '../appointments/mark-fulfilled/mark-fulfilled.use-case.js';
import { RecordPatientReplyUseCase } from '../appointments/record-patient-reply/record-patient-reply.use-case.js';
import { OfferFreedTimeUseCase } from '../waitlist/offer-freed-time/offer-freed-time.use-case.js';
import { ReofferLapsedHoldUseCase } from '../waitlist/reoffer-lapsed-hold/reoffer-lapsed-hold.use-case.js';
import { HoldOverrunUseCase } from '../replans/hold-overrun/hold-overrun.use-case.js';
import { ResolveResentMessageUseCase } from '../work-queues/resolve-resent-message/resolve-resent-message.use-case.js';
import { ProposeReplansUseCase } from '../replans/propose-replans/propose-replans.use-case.js';
import { lockReplans } from '../replans/replan-lock.js';

/**
 * What scheduling does when time frees up, runs late, or a patient arrives, leaves or replies:
 * each event becomes a command to a use case. Each runs in the inbox transaction, so a
 * redelivered event changes nothing twice. "Now" is when the event happened, not when it is
 * read, so a replay decides the same way.
 */
@Controller()
export class SchedulingReactionsConsumer {
  constructor(
    private readonly offerFreedTime: OfferFreedTimeUseCase,
    private readonly reofferLapsedHold: ReofferLapsedHoldUseCase,
    private readonly markAtRisk: MarkAtRiskUseCase,
    private readonly markArrived: MarkArrivedUseCase,
    private readonly markFulfilled: MarkFulfilledUseCase,
    private readonly recordPatientReply: RecordPatientReplyUseCase,
    private readonly undoArrival: UndoArrivalUseCase,
    private readonly holdOverrun: HoldOverrunUseCase,
    private readonly proposeReplans: ProposeReplansUseCase,
    private readonly clearDelay: ClearDelayUseCase,
    private readonly raisePatientAlert: RaisePatientAlertUseCase,
    private readonly resolveResentMessage: ResolveResentMessageUseCase,
  ) {}

  @OnEvent(AppointmentCancelledV1)
  async onCancelled(event: EventOf<typeof AppointmentCancelledV1>, ctx: EventContext) {
    const d = event.data;
    await this.offerFreedTime.inTransaction(ctx.transaction, {
      locationId: d.locationId,
      from: new Date(d.startsAt),
      to: new Date(d.endsAt),
      now: new Date(event.time),
      freedByAppointmentId: d.appointmentId,
      freedTherapyCode: d.therapyCode,
    });
  }

  @OnEvent(AppointmentHoldExpiredV1)
  async onHoldExpired(event: EventOf<typeof AppointmentHoldExpiredV1>, ctx: EventContext) {
    const d = event.data;
    await this.reofferLapsedHold.inTransaction(ctx.transaction, {
      appointmentId: d.appointmentId,
      locationId: d.locationId,
      startsAt: new Date(d.startsAt),
      endsAt: new Date(d.endsAt),
      now: new Date(event.time),
      therapyCode: d.therapyCode,
    });
  }

  /** The appointment is fulfilled early, and the time it no longer needs is offered to the waitlist. */
  @OnEvent(SessionEndedEarlyV1)
  async onEndedEarly(event: EventOf<typeof SessionEndedEarlyV1>, ctx: EventContext) {
    const d = event.data;
    await this.markFulfilled.inTransaction(ctx.transaction, {
      appointmentId: d.appointmentId,
      actualEndsAt: new Date(d.actualEndsAt),
      endedEarly: true,
    });
    await this.offerFreedTime.inTransaction(ctx.transaction, {
      locationId: d.locationId,
      from: new Date(d.actualEndsAt),
      to: new Date(d.plannedEndsAt),
      now: new Date(event.time),
      freedByAppointmentId: d.appointmentId,
    });
  }

  @OnEvent(SessionCheckedInV1)
  async onCheckedIn(event: EventOf<typeof SessionCheckedInV1>, ctx: EventContext) {
    await this.markArrived.inTransaction(ctx.transaction, {
      appointmentId: event.data.appointmentId,
      arrivedAt: new Date(event.time),
    });
  }

  /** A check-in entered in error at the chair: the appointment is booked again. Other corrections stay in sessions. */
  @OnEvent(SessionStepEnteredInErrorV1)
  async onStepEnteredInError(event: EventOf<typeof SessionStepEnteredInErrorV1>, ctx: EventContext) {
    if (event.data.stepKind !== 'check-in') return;
    await this.undoArrival.inTransaction(ctx.transaction, {
      appointmentId: event.data.appointmentId,
      undoneAt: new Date(event.time),
      reason: event.data.reason,
    });
  }

  /** Fulfilled with its actual end; the later appointments its overrun put at risk may be on time again. */
  @OnEvent(SessionDischargedV1)
  async onDischarged(event: EventOf<typeof SessionDischargedV1>, ctx: EventContext) {
    // clearDelay un-flags appointments an overrun had put at risk: the re-plan lock before any row
    // (the fulfilled appointment's included, which a growing overrun hold writes), as every
    // re-plan path takes it (replan-lock.ts).
    await lockReplans(ctx.transaction, event.data.locationId);
    await this.markFulfilled.inTransaction(ctx.transaction, {
      appointmentId: event.data.appointmentId,
      actualEndsAt: new Date(event.data.actualEndsAt),
      endedEarly: false,
    });
    await this.clearDelay.inTransaction(ctx.transaction, {
      overrunAppointmentId: event.data.appointmentId,
      actualEndsAt: new Date(event.data.actualEndsAt),
      now: new Date(event.time),
    });
  }

  /** A severe answer to the next-day follow-up: someone at the center calls the patient today. */
  @OnEvent(FollowUpAlertRaisedV1)
  async onFollowUpAlert(event: EventOf<typeof FollowUpAlertRaisedV1>, ctx: EventContext) {
    const d = event.data;
    await this.raisePatientAlert.inTransaction(ctx.transaction, {
      id: event.id,
      locationId: d.locationId,
      patientId: d.patientId,
      appointmentId: d.appointmentId,
      kind: 'follow-up',
      detail: [d.score !== undefined ? `score ${d.score}` : undefined, ...d.symptoms].filter(Boolean).join(', '),
      raisedAt: new Date(d.receivedAt),
    });
  }

  /** The patient's email address bounced or complained: the center gets another address or another way to reach them. */
  @OnEvent(EmailBouncedV1)
  async onEmailBounced(event: EventOf<typeof EmailBouncedV1>, ctx: EventContext) {
    const d = event.data;
    await this.raisePatientAlert.inTransaction(ctx.transaction, {
      id: event.id,
      locationId: d.locationId,
      patientId: d.patientId,
      appointmentId: d.appointmentId,
      kind: d.problem === 'bounce' ? 'email-bounce' : 'email-complaint',
      detail: d.problem === 'bounce' ? `bounced${d.code ? ` (${d.code})` : ''}` : 'marked as spam',
      raisedAt: new Date(d.reportedAt),
    });
  }

  /**
   * A message failed for good and no other channel takes over: the center resends it or calls.
   * One that falls over to another channel is no item (that channel's own failure is).
   */
  @OnEvent(NotificationFailedV1)
  async onMessageFailed(event: EventOf<typeof NotificationFailedV1>, ctx: EventContext) {
    const d = event.data;
    if (d.fallbackMessageId) return;
    await this.raisePatientAlert.inTransaction(ctx.transaction, {
      id: event.id,
      locationId: d.locationId,
      patientId: d.patientId,
      appointmentId: d.appointmentId,
      kind: 'message-failed',
      messageId: d.messageId,
      detail: `${d.kind}${d.offsetHours ? ` (${d.offsetHours} h)` : ''} by ${d.channel}, ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}: ${d.error}`,
      raisedAt: new Date(d.failedAt),
    });
  }

  /** Staff resent a failed message and the provider took it: its failed-messages item closes. */
  @OnEvent(NotificationResentV1)
  async onMessageResent(event: EventOf<typeof NotificationResentV1>, ctx: EventContext) {
    const d = event.data;
    await this.resolveResentMessage.inTransaction(ctx.transaction, {
      messageId: d.messageId,
      locationId: d.locationId,
      resentBy: d.resentBy,
      sentAt: new Date(d.sentAt),
    });
  }

  @OnEvent(PatientReplyReceivedV1)
  async onReply(event: EventOf<typeof PatientReplyReceivedV1>, ctx: EventContext) {
    const d = event.data;
    await this.recordPatientReply.inTransaction(ctx.transaction, {
      locationId: d.locationId,
      appointmentId: d.appointmentId,
      intent: d.intent,
      receivedAt: new Date(d.receivedAt),
    });
  }

  @OnEvent(PatientCancellationConfirmedV1)
  async onCancellationConfirmed(event: EventOf<typeof PatientCancellationConfirmedV1>, ctx: EventContext) {
    const d = event.data;
    await this.recordPatientReply.inTransaction(ctx.transaction, {
      locationId: d.locationId,
      appointmentId: d.appointmentId,
      intent: 'cancel',
      receivedAt: new Date(d.receivedAt),
    });
  }

  @OnEvent(PatientOfferAcceptedV1)
  async onOfferAccepted(event: EventOf<typeof PatientOfferAcceptedV1>, ctx: EventContext) {
    const d = event.data;
    await this.recordPatientReply.inTransaction(ctx.transaction, {
      locationId: d.locationId,
      appointmentId: d.appointmentId,
      intent: 'accept-offer',
      receivedAt: new Date(d.receivedAt),
    });
  }

  /**
   * The later treatments it reaches are marked at risk, the running one's chair, nurse and patient
   * are held until the projected end, and a way out is proposed for each one at risk.
   */
  @OnEvent(SessionOverrunProjectedV1)
  async onOverrun(event: EventOf<typeof SessionOverrunProjectedV1>, ctx: EventContext) {
    const d = event.data;
    // The re-plan lock before the appointment rows markAtRisk locks, not after (in proposeReplans):
    // a proposal for a sick call holds it while it locks appointments, and the two took them in
    // opposite orders (a deadlock). One order for every re-plan path: replan-lock.ts.
    await lockReplans(ctx.transaction, d.locationId);
    const atRisk = await this.markAtRisk.inTransaction(ctx.transaction, {
      overrunAppointmentId: d.appointmentId,
      locationId: d.locationId,
      chairId: d.chairId,
      nurseId: d.nurseId,
      plannedEndsAt: new Date(d.plannedEndsAt),
      projectedEndsAt: new Date(d.projectedEndsAt),
      now: new Date(event.time),
    });
    await this.holdOverrun.inTransaction(ctx.transaction, {
      appointmentId: d.appointmentId,
      locationId: d.locationId,
      projectedEndsAt: new Date(d.projectedEndsAt),
    });
    await this.proposeReplans.inTransaction(ctx.transaction, {
      locationId: d.locationId,
      appointmentIds: atRisk.map((a) => a.id),
      cause: 'session_overrun',
      causeId: d.appointmentId,
      now: new Date(event.time),
    });
  }

  /** A sick call or a cut shift left the appointment without its nurse: a way out is proposed. */
  @OnEvent(AppointmentNeedsReplanV1)
  async onNeedsReplan(event: EventOf<typeof AppointmentNeedsReplanV1>, ctx: EventContext) {
    const d = event.data;
    await this.proposeReplans.inTransaction(ctx.transaction, {
      locationId: d.locationId,
      appointmentIds: [d.appointmentId],
      cause: d.cause,
      causeId: d.causeId,
      now: new Date(event.time),
    });
  }
}
