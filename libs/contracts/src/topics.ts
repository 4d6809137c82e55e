/**
 * Every Kafka topic Chairside owns. Topics are created by code (libs/messaging topology) with
 * these partitions and retention; the broker's auto-create is off.
 *
 * Domain topics keep their events forever (retention -1): read models such as reporting are
 * rebuilt by replaying from offset 0, so deleting old segments would silently change history.
 */
import type { ServiceName } from './services.js';
import { DAY } from '@chairside/domain';

export type { ServiceName } from './services.js';

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** -1 keeps every record. */
  readonly retentionMs: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly owner: ServiceName;
  /** Analytics-facing topics must never carry names, phones, emails or dates of birth. */
  readonly audience: 'analytics' | 'internal';
  readonly description: string;
}

function topic(spec: TopicSpec): TopicSpec {
  return Object.freeze(spec);
}

/**
 * A service's audit trail, for a SIEM: every record of who read or changed patient data, written
 * through the outbox with the record itself. Kept as long as the records (six years), not forever.
 */
function auditTopic(service: ServiceName): TopicSpec {
  return topic({
    name: `chairside.${service}.audit`,
    partitions: 3,
    retentionMs: 2190 * DAY,
    cleanupPolicy: 'delete',
    owner: service,
    audience: 'internal',
    description: `Audit records of the ${service} service: who (subject, roles, organisation, client) read, searched or changed which patient's data, when, from where, and the outcome (including refusals). Key: record id. Ids only, never the data read.`,
  });
}

export const Topics = {
  schedulingLocations: topic({
    name: 'chairside.scheduling.locations',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'analytics',
    description: 'Infusion center locations: registration, hours and time zone changes. Key: location id.',
  }),
  schedulingChairs: topic({
    name: 'chairside.scheduling.chairs',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'analytics',
    description: 'Treatment chairs, beds and private rooms per location. Key: chair id.',
  }),
  schedulingStaff: topic({
    name: 'chairside.scheduling.staff',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'analytics',
    description:
      'Nurses (certifications, monitoring capacity, start window) and their shifts per location. Key: nurse id. Staff display names only.',
  }),
  schedulingTherapies: topic({
    name: 'chairside.scheduling.therapies',
    partitions: 3,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'analytics',
    description:
      'An organisation’s edits of the therapy catalog: durations, observation, turnover, preparation. Key: organisation id and therapy code.',
  }),
  schedulingAppointments: topic({
    name: 'chairside.scheduling.appointments',
    partitions: 12,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'analytics',
    description:
      'Appointments: held, booked, rescheduled, cancelled, confirmed, no-show, waitlist offers, at risk; treatment plans. Key: appointment id (plan id for plans). Patient id only, never contact data.',
  }),
  sessions: topic({
    name: 'chairside.sessions.sessions',
    partitions: 12,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'sessions',
    audience: 'analytics',
    description:
      'The infusion as it happens: check-in, chair, access, infusion, vitals, reactions, discharge, overruns. Key: appointment id. Ids only, never personal data.',
  }),
  notifications: topic({
    name: 'chairside.notifications.messages',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'notifications',
    audience: 'analytics',
    description:
      'What happened to each message to a patient: sent, delivered, failed, suppressed (with why), cancelled. Key: appointment id. Ids, kinds and channels only: never a message body or contact data.',
  }),
  schedulingPatientContacts: topic({
    name: 'chairside.scheduling.patient-contacts',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'compact',
    owner: 'scheduling',
    audience: 'internal',
    description:
      'The latest contact details and preferences of each patient, for the notifications service only. Compacted; key: patient id. The only topic that carries personal data.',
  }),
  schedulingAudit: auditTopic('scheduling'),
  sessionsAudit: auditTopic('sessions'),
  notificationsAudit: auditTopic('notifications'),
  reportingAudit: auditTopic('reporting'),
} as const satisfies Record<string, TopicSpec>;

export type TopicKey = keyof typeof Topics;

export const ALL_TOPICS: readonly TopicSpec[] = Object.values(Topics);

/** Where a service's poison messages go, with the reason and their original coordinates in headers. */
export function deadLetterTopic(service: ServiceName): TopicSpec {
  return topic({
    name: `chairside.${service}.dead-letter`,
    partitions: 3,
    retentionMs: 30 * DAY,
    cleanupPolicy: 'delete',
    owner: service,
    audience: 'internal',
    description: `Messages the ${service} service could not process: malformed, unknown type or version, invalid data, or a handler that kept failing. Headers carry the error and the original topic, partition and offset.`,
  });
}
