import type {
  AnalyticsChairAddedV1,
  AnalyticsInfusionCompletedV1,
  AnalyticsInfusionStartedV1,
  AnalyticsLocationDescribedV1,
  AnalyticsLocationHoursSetV1,
  AnalyticsMessageOutcomeV1,
  AnalyticsReactionRecordedV1,
  AnalyticsSessionAccessEstablishedV1,
  AnalyticsSessionCheckedInV1,
  AnalyticsSessionDischargedV1,
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
  DataOf,
  InfusionCompletedV1,
  InfusionStartedV1,
  InputOf,
  LocationHoursSetV1,
  LocationRegisteredV1,
  ReactionRecordedV1,
  SessionAccessEstablishedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  VitalsOutOfRangeV1,
} from '@chairside/contracts';
import { DAY, MINUTE } from '@chairside/domain';
import type { PatientPseudonym } from './patient-pseudonym.js';

/*
 * From an internal event to its de-identified copy: every field is chosen, nothing is passed on
 * wholesale, so a field added to an internal event never reaches analytics by accident. What is
 * left out on purpose: patient ids (a keyed pseudonym instead), anything typed by a person
 * (pause and stop reasons, access site, override reasons, provider errors), staff subjects,
 * vital values, seconds.
 */

/** '2026-11-30T09:15:42.123Z' → '2026-11-30T09:15Z'. */
export function toMinute(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16)}Z`;
}

const minutesBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / MINUTE);

type Planned = DataOf<typeof AppointmentBookedV1> | DataOf<typeof AppointmentRescheduledV1>;

export function visitPlanned(d: Planned, patient: PatientPseudonym): InputOf<typeof AnalyticsVisitPlannedV1> {
  const plannedAt = 'bookedAt' in d ? d.bookedAt : d.rescheduledAt;
  return {
    visitId: d.appointmentId,
    locationId: d.locationId,
    ...patient,
    therapyCode: d.therapyCode,
    chairId: d.chairId,
    chairKind: d.chairKind,
    nurseId: d.nurseId,
    serviceDate: d.localStart.slice(0, 10),
    startsAt: toMinute(d.startsAt),
    endsAt: toMinute(d.endsAt),
    plannedMinutes: d.durationMinutes,
    leadDays: Math.max(0, Math.floor((Date.parse(d.startsAt) - Date.parse(plannedAt)) / DAY)),
    rescheduled: !('bookedAt' in d),
    overbooked: 'overbooked' in d ? (d.overbooked ?? false) : false,
    ...('doseNumber' in d && d.doseNumber !== undefined ? { doseNumber: d.doseNumber } : {}),
  };
}

export function visitConfirmed(d: DataOf<typeof AppointmentConfirmedV1>): InputOf<typeof AnalyticsVisitConfirmedV1> {
  return { visitId: d.appointmentId, locationId: d.locationId, at: toMinute(d.confirmedAt), via: d.via };
}

export function visitCancelled(d: DataOf<typeof AppointmentCancelledV1>): InputOf<typeof AnalyticsVisitCancelledV1> {
  return {
    visitId: d.appointmentId,
    locationId: d.locationId,
    serviceDate: d.localStart.slice(0, 10),
    at: toMinute(d.cancelledAt),
    reason: d.reason,
    lateCancellation: d.lateCancellation,
  };
}

export function visitNoShow(d: DataOf<typeof AppointmentNoShowV1>): InputOf<typeof AnalyticsVisitNoShowV1> {
  return { visitId: d.appointmentId, locationId: d.locationId, serviceDate: d.localStart.slice(0, 10) };
}

/** What every session step shares: the visit, where, which therapy and chair, when (to the minute). */
export interface SessionStep {
  appointmentId: string;
  locationId: string;
  therapyCode: DataOf<typeof SessionCheckedInV1>['therapyCode'];
  chairId: string;
  occurredAt: string;
}

export function sessionStep(d: SessionStep) {
  return {
    visitId: d.appointmentId,
    locationId: d.locationId,
    therapyCode: d.therapyCode,
    chairId: d.chairId,
    at: toMinute(d.occurredAt),
  };
}

export function checkedIn(d: DataOf<typeof SessionCheckedInV1>): InputOf<typeof AnalyticsSessionCheckedInV1> {
  return { ...sessionStep(d), lateMinutes: d.lateMinutes };
}

/** The route and how hard it was; the site the nurse typed stays in sessions. */
export function accessEstablished(
  d: DataOf<typeof SessionAccessEstablishedV1>,
): InputOf<typeof AnalyticsSessionAccessEstablishedV1> {
  return { ...sessionStep(d), route: d.route, attempts: d.attempts, numbingSprayUsed: d.numbingSprayUsed };
}

export function infusionStarted(d: DataOf<typeof InfusionStartedV1>): InputOf<typeof AnalyticsInfusionStartedV1> {
  return { ...sessionStep(d), minutesAfterPlannedStart: minutesBetween(d.plannedStartsAt, d.occurredAt) };
}

export function infusionCompleted(d: DataOf<typeof InfusionCompletedV1>): InputOf<typeof AnalyticsInfusionCompletedV1> {
  return { ...sessionStep(d), infusingMinutes: d.infusingMinutes, plannedDurationMinutes: d.plannedDurationMinutes };
}

export function discharged(d: DataOf<typeof SessionDischargedV1>): InputOf<typeof AnalyticsSessionDischargedV1> {
  return {
    ...sessionStep(d),
    minutesAfterPlannedEnd: minutesBetween(d.plannedEndsAt, d.actualEndsAt),
    stoppedEarly: d.stoppedEarly,
  };
}

/** Whether the protocol was overridden, not who authorised it nor why. */
export function reaction(d: DataOf<typeof ReactionRecordedV1>): InputOf<typeof AnalyticsReactionRecordedV1> {
  return {
    ...sessionStep(d),
    reactionId: d.reactionId,
    kind: d.kind,
    ctcaeGrade: d.ctcaeGrade,
    actions: d.actions,
    outcome: d.outcome,
    protocolOverridden: d.override !== undefined,
  };
}

export function vitalsOutOfRange(d: DataOf<typeof VitalsOutOfRangeV1>): InputOf<typeof AnalyticsVitalsOutOfRangeV1> {
  return { ...sessionStep(d), findings: d.findings.map((f) => ({ measure: f.measure, loinc: f.loinc })) };
}

type MessageStatus = DataOf<typeof AnalyticsMessageOutcomeV1>['status'];

export interface MessageFacts {
  messageId: string;
  appointmentId: string;
  locationId: string;
  kind: DataOf<typeof AnalyticsMessageOutcomeV1>['kind'];
  channel: DataOf<typeof AnalyticsMessageOutcomeV1>['channel'];
  offsetHours?: number | undefined;
}

export function messageOutcome(
  d: MessageFacts,
  status: MessageStatus,
  at: string,
  extra: { reason?: DataOf<typeof AnalyticsMessageOutcomeV1>['reason']; fallback?: boolean } = {},
): InputOf<typeof AnalyticsMessageOutcomeV1> {
  return {
    messageId: d.messageId,
    visitId: d.appointmentId,
    locationId: d.locationId,
    kind: d.kind,
    channel: d.channel,
    ...(d.offsetHours !== undefined ? { offsetHours: d.offsetHours } : {}),
    status,
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    ...(extra.fallback !== undefined ? { fallback: extra.fallback } : {}),
    at: toMinute(at),
  };
}

/** The center without its street address. */
export function locationDescribed(d: DataOf<typeof LocationRegisteredV1>): InputOf<typeof AnalyticsLocationDescribedV1> {
  return { locationId: d.locationId, organisationId: d.organisationId, name: d.name, timeZone: d.timeZone };
}

export function locationHours(d: DataOf<typeof LocationHoursSetV1>): InputOf<typeof AnalyticsLocationHoursSetV1> {
  return { locationId: d.locationId, weeklyHours: d.weeklyHours, closedDates: d.closedDates };
}

export function chairAdded(d: DataOf<typeof ChairAddedV1>): InputOf<typeof AnalyticsChairAddedV1> {
  return { chairId: d.chairId, locationId: d.locationId, kind: d.kind };
}
