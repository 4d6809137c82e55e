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
  /**
   * `analytics`: the curated, de-identified topics analytics principals may read (pseudonymised
   * patients, no free text, never names, phones, emails or dates of birth). `internal`: the
   * services' own topics, closed to analytics principals (docs/events.md, "The analytics stream").
   */
  readonly audience: 'analytics' | 'internal';
  /**
   * Compacted topics only: the longest a superseded record (or one a tombstone erased) may stay
   * uncompacted (max.compaction.lag.ms), and how long a tombstone stays readable (delete.retention.ms).
   */
  readonly compaction?: { readonly maxLagMs: number; readonly tombstoneRetentionMs: number };
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

/**
 * A curated, de-identified topic for analytics teams (the limited data set, docs/events.md),
 * published by reporting from the events it already consumes, through its outbox.
 */
function analyticsTopic(name: string, partitions: number, description: string): TopicSpec {
  return topic({
    name: `chairside.analytics.${name}`,
    partitions,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'reporting',
    audience: 'analytics',
    description,
  });
}

export const Topics = {
  schedulingLocations: topic({
    name: 'chairside.scheduling.locations',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'internal',
    description: 'Infusion center locations: registration, hours and time zone changes. Key: location id.',
  }),
  schedulingChairs: topic({
    name: 'chairside.scheduling.chairs',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'internal',
    description: 'Treatment chairs, beds and private rooms per location. Key: chair id.',
  }),
  schedulingStaff: topic({
    name: 'chairside.scheduling.staff',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'internal',
    description:
      'Nurses (certifications, monitoring capacity, start window) and their shifts per location. Key: nurse id. Staff display names only.',
  }),
  schedulingTherapies: topic({
    name: 'chairside.scheduling.therapies',
    partitions: 3,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'internal',
    description:
      'An organisation’s edits of the therapy catalog and the therapies it defines itself: durations, observation, turnover, preparation. Key: organisation id and therapy code (a defined therapy: its id).',
  }),
  schedulingAppointments: topic({
    name: 'chairside.scheduling.appointments',
    partitions: 12,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'scheduling',
    audience: 'internal',
    description:
      'Appointments: held, booked, rescheduled, cancelled, confirmed, no-show, waitlist offers, at risk; treatment plans. Key: appointment id (plan id for plans). Patient id only, never contact data.',
  }),
  sessions: topic({
    name: 'chairside.sessions.sessions',
    partitions: 12,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'sessions',
    audience: 'internal',
    description:
      'The infusion as it happens: check-in, chair, access, infusion, vitals, reactions, discharge, overruns. Key: appointment id. Ids only, never personal data.',
  }),
  notifications: topic({
    name: 'chairside.notifications.messages',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    owner: 'notifications',
    audience: 'internal',
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
    compaction: { maxLagMs: 7 * DAY, tombstoneRetentionMs: DAY },
    description:
      'The latest contact details and preferences of each patient, for the notifications service only. Compacted; key: patient id. The only topic that carries personal data. An erasure publishes scheduling.patient.contact-erased then a tombstone (null value): within max.compaction.lag.ms the patient’s contact records are gone from the log.',
  }),
  analyticsVisits: analyticsTopic(
    'visits',
    12,
    'De-identified visits: planned (booked or moved), confirmed, cancelled, no-show. Key: visit (appointment) id. The patient only as a keyed pseudonym; service dates and times to the minute; codes, never free text.',
  ),
  analyticsSessions: analyticsTopic(
    'sessions',
    12,
    'De-identified infusion sessions: check-in, chair, drug ready, access (route only), infusion start, pause, resume, completion, early stop, discharge, reactions and out-of-range vital signs (codes only). Key: visit id. No reasons typed by nurses, no access site, no vital values.',
  ),
  analyticsMessages: analyticsTopic(
    'messages',
    6,
    'De-identified patient messages: kind, channel and outcome (sent, delivered, failed, suppressed with the coded reason, cancelled). Key: message id. Never an address, a body or a provider error text.',
  ),
  analyticsLocations: analyticsTopic(
    'locations',
    3,
    'The centers analytics needs to read the other analytics topics: name, time zone and organisation; chairs and their kind; weekly hours. Key: location id (chair id for chairs). No street address.',
  ),
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
