import type { z } from 'zod';
import type { CloudEvent } from './envelope.js';
import type { EventDefinition } from './define-event.js';
import { ChairAddedV1, LocationRegisteredV1, LocationUpdatedV1 } from './events/scheduling-locations.js';
import { PatientContactChangedV1, PatientContactErasedV1 } from './events/scheduling-patients.js';
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
} from './events/analytics.js';
import {
  AppointmentArrivalUndoneV1,
  AppointmentArrivedV1,
  AppointmentAtRiskV1,
  AppointmentDelayClearedV1,
  AppointmentNeedsReplanV1,
  ReplanAppliedV1,
  ReplanProposedV1,
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentConfirmedV1,
  AppointmentFulfilledV1,
  AppointmentHeldV1,
  AppointmentHoldExpiredV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  AppointmentRescheduleRequestedV1,
  AppointmentWaitlistOfferedV1,
  TreatmentPlanBookedV1,
  TreatmentPlanCancelledV1,
  TreatmentPlanRescheduledV1,
} from './events/scheduling-appointments.js';
import {
  ChairOutageCancelledV1,
  ChairOutageChangedV1,
  ChairOutageScheduledV1,
  ChairUpdatedV1,
  LocationClosureAddedV1,
  LocationHoursSetV1,
  NurseUpdatedV1,
  NurseRegisteredV1,
  NurseShiftAddedV1,
  NurseShiftChangedV1,
  NurseShiftRemovedV1,
  TherapySettingsChangedV1,
  TherapyDefinedV1,
} from './events/scheduling-resources.js';
import {
  InfusionCompletedV1,
  InfusionPausedV1,
  InfusionRateChangedV1,
  InfusionResumedV1,
  InfusionStartedV1,
  InfusionStoppedEarlyV1,
  ReactionRecordedV1,
  SessionAccessEstablishedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionDrugReadyV1,
  SessionEndedEarlyV1,
  SessionEventRejectedV1,
  SessionOverrunProjectedV1,
  SessionSeatedV1,
  SevereReactionV1,
  VitalsOutOfRangeV1,
  VitalsOverdueV1,
  SessionStepEnteredInErrorV1,
  VitalsEnteredInErrorV1,
  MedicationAdministeredV1,
} from './events/sessions.js';
import {
  NotificationSentV1,
  NotificationDeliveredV1,
  NotificationFailedV1,
  NotificationSuppressedV1,
  NotificationCancelledV1,
  PatientReplyReceivedV1,
  PatientCancellationConfirmedV1,
  PatientOfferAcceptedV1,
  FollowUpAnsweredV1,
  FollowUpAlertRaisedV1,
  EmailBouncedV1,
} from './events/notifications.js';
import {
  NotificationsAuditRecordedV1,
  ReportingAuditRecordedV1,
  SchedulingAuditRecordedV1,
  SessionsAuditRecordedV1,
} from './events/audit.js';

/** Every event Chairside publishes. Adding one here makes it publishable, consumable and documented. */
export const EVENT_CATALOG = [
  LocationRegisteredV1,
  LocationUpdatedV1,
  LocationHoursSetV1,
  LocationClosureAddedV1,
  ChairAddedV1,
  ChairUpdatedV1,
  ChairOutageScheduledV1,
  ChairOutageChangedV1,
  ChairOutageCancelledV1,
  NurseRegisteredV1,
  NurseUpdatedV1,
  NurseShiftAddedV1,
  NurseShiftChangedV1,
  NurseShiftRemovedV1,
  TherapySettingsChangedV1,
  TherapyDefinedV1,
  AppointmentHeldV1,
  AppointmentHoldExpiredV1,
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentConfirmedV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  AppointmentWaitlistOfferedV1,
  AppointmentAtRiskV1,
  AppointmentDelayClearedV1,
  AppointmentNeedsReplanV1,
  ReplanProposedV1,
  ReplanAppliedV1,
  AppointmentArrivedV1,
  AppointmentArrivalUndoneV1,
  AppointmentFulfilledV1,
  AppointmentRescheduleRequestedV1,
  TreatmentPlanBookedV1,
  TreatmentPlanCancelledV1,
  TreatmentPlanRescheduledV1,
  PatientContactChangedV1,
  PatientContactErasedV1,
  SessionCheckedInV1,
  SessionSeatedV1,
  SessionDrugReadyV1,
  SessionAccessEstablishedV1,
  InfusionStartedV1,
  InfusionPausedV1,
  InfusionResumedV1,
  InfusionRateChangedV1,
  InfusionCompletedV1,
  InfusionStoppedEarlyV1,
  SessionDischargedV1,
  SessionOverrunProjectedV1,
  SessionEndedEarlyV1,
  VitalsOutOfRangeV1,
  VitalsOverdueV1,
  ReactionRecordedV1,
  SevereReactionV1,
  SessionEventRejectedV1,
  SessionStepEnteredInErrorV1,
  VitalsEnteredInErrorV1,
  MedicationAdministeredV1,
  NotificationSentV1,
  NotificationDeliveredV1,
  NotificationFailedV1,
  NotificationSuppressedV1,
  NotificationCancelledV1,
  PatientReplyReceivedV1,
  PatientCancellationConfirmedV1,
  PatientOfferAcceptedV1,
  FollowUpAnsweredV1,
  FollowUpAlertRaisedV1,
  EmailBouncedV1,
  SchedulingAuditRecordedV1,
  SessionsAuditRecordedV1,
  NotificationsAuditRecordedV1,
  ReportingAuditRecordedV1,
  AnalyticsVisitPlannedV1,
  AnalyticsVisitConfirmedV1,
  AnalyticsVisitCancelledV1,
  AnalyticsVisitNoShowV1,
  AnalyticsSessionCheckedInV1,
  AnalyticsSessionSeatedV1,
  AnalyticsSessionDrugReadyV1,
  AnalyticsSessionAccessEstablishedV1,
  AnalyticsInfusionStartedV1,
  AnalyticsInfusionPausedV1,
  AnalyticsInfusionResumedV1,
  AnalyticsInfusionRateChangedV1,
  AnalyticsInfusionCompletedV1,
  AnalyticsInfusionStoppedEarlyV1,
  AnalyticsSessionDischargedV1,
  AnalyticsReactionRecordedV1,
  AnalyticsVitalsOutOfRangeV1,
  AnalyticsMessageOutcomeV1,
  AnalyticsLocationDescribedV1,
  AnalyticsLocationHoursSetV1,
  AnalyticsChairAddedV1,
] as const;

export type AnyEventDefinition = (typeof EVENT_CATALOG)[number];
export type EventType = AnyEventDefinition['type'];

/** Event type → data type. A handler or publisher using the wrong payload for a type does not compile. */
export type EventMap = { [D in AnyEventDefinition as D['type']]: z.output<D['schema']> };
export type EventData<T extends EventType> = EventMap[T];
export type EventOf<D extends EventDefinition> = CloudEvent<z.output<D['schema']>>;

const byType = new Map<string, AnyEventDefinition>(EVENT_CATALOG.map((d) => [d.type, d]));
const versionsByName = new Map<string, number[]>();
for (const d of EVENT_CATALOG) versionsByName.set(d.name, [...(versionsByName.get(d.name) ?? []), d.version]);

export function findEventDefinition(type: string): AnyEventDefinition | undefined {
  return byType.get(type);
}

/** Known versions of an event name, so an unknown version can be told apart from an unknown event. */
export function knownVersions(type: string): number[] {
  const match = /^chairside\.(.+)\.v\d+$/.exec(type);
  return match ? (versionsByName.get(match[1]!) ?? []) : [];
}

export function eventsOnTopic(topicName: string): AnyEventDefinition[] {
  return EVENT_CATALOG.filter((d) => d.topic.name === topicName);
}
