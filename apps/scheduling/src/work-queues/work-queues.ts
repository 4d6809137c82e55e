import { HOLDS_TIME } from '../appointments/appointment.entity.js';

/** A scheduler's work queues at one location; each item is resolved with one of its queue's outcomes. */
export const WORK_QUEUES = [
  'unconfirmed',
  'at-risk',
  'reschedule-requests',
  'waitlist-offers',
  'overbooked',
  'chairs-out-of-service',
  'replan-proposals',
  'follow-up-alerts',
  'email-problems',
  'failed-messages',
] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];

/** Booked and not confirmed within this many hours of the start. */
export const UNCONFIRMED_WITHIN_HOURS = 48;

/**
 * What resolving an item may say. `confirmed` (unconfirmed) also confirms the appointment; the
 * others record what was done elsewhere (a reschedule, a cancellation, a call) and close the item.
 */
export const OUTCOMES: Record<WorkQueue, readonly string[]> = {
  unconfirmed: ['confirmed', 'left-message', 'unreachable'],
  'at-risk': ['patient-informed', 'moved', 'no-action-needed'],
  'reschedule-requests': ['rescheduled', 'kept', 'cancelled', 'unreachable'],
  'waitlist-offers': ['patient-contacted', 'unreachable'],
  overbooked: ['reviewed'],
  'chairs-out-of-service': ['moved', 'patient-informed', 'no-action-needed'],
  // Applying a proposal is POST /locations/{id}/replans/apply; this closes one left alone.
  'replan-proposals': ['moved-otherwise', 'no-action-needed'],
  // A nurse calls the patient the same day.
  'follow-up-alerts': ['nurse-called', 'unreachable', 'no-action-needed'],
  // Email to the address stopped (texts still go where the patient has a phone).
  'email-problems': ['contact-updated', 'patient-contacted', 'unreachable'],
  // Resending is notifications' POST /locations/{id}/messages/{subjectId}/resend: the item then
  // closes itself as `resent` when the provider takes it (ResolveResentMessage); these close it by hand.
  'failed-messages': ['patient-contacted', 'unreachable', 'no-action-needed'],
};

/** An instant as an item key: milliseconds since the epoch, as text (the same in SQL and in a request). */
const ms = (column: string) => `(floor(extract(epoch from ${column}) * 1000))::bigint::text`;

const APPOINTMENT_JOINS = `JOIN patient p ON p.id = a.patient_id
  JOIN chair c ON c.id = a.chair_id
  JOIN nurse n ON n.id = a.nurse_id`;

/**
 * Each queue as SQL selecting the common item columns, for the location `$1` at the instant `$2`.
 * `subject_id`, `item_key` identify the item; `since` is when it arose; `detail` what else it needs.
 */
export const QUEUE_SQL: Record<WorkQueue, { from: string; subject: string; key: string; since: string; detail: string }> = {
  unconfirmed: {
    from: `appointment a ${APPOINTMENT_JOINS}
      WHERE a.location_id = $1 AND a.status = 'booked' AND a.confirmed_at IS NULL
        AND a.starts_at >= $2 AND a.starts_at < $2::timestamptz + interval '${UNCONFIRMED_WITHIN_HOURS} hours'`,
    subject: 'a.id',
    key: ms('a.starts_at'),
    since: 'a.created_at',
    detail: 'NULL::text',
  },
  'at-risk': {
    from: `appointment a ${APPOINTMENT_JOINS}
      WHERE a.location_id = $1 AND a.status IN ${HOLDS_TIME} AND a.at_risk_since IS NOT NULL AND a.ends_at >= $2`,
    subject: 'a.id',
    key: ms('a.at_risk_since'),
    since: 'a.at_risk_since',
    detail: 'NULL::text',
  },
  'reschedule-requests': {
    from: `appointment a ${APPOINTMENT_JOINS}
      WHERE a.location_id = $1 AND a.status IN ${HOLDS_TIME} AND a.reschedule_requested_at IS NOT NULL AND a.ends_at >= $2`,
    subject: 'a.id',
    key: ms('a.reschedule_requested_at'),
    since: 'a.reschedule_requested_at',
    detail: 'NULL::text',
  },
  'waitlist-offers': {
    from: `waitlist_request w JOIN appointment a ON a.id = w.offered_appointment_id ${APPOINTMENT_JOINS}
      WHERE w.location_id = $1 AND w.status = 'offered' AND a.status = 'proposed' AND a.hold_expires_at > $2`,
    subject: 'w.id',
    key: 'a.id::text',
    since: 'a.created_at',
    detail: `'offer lapses at ' || to_char(a.hold_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
  },
  overbooked: {
    from: `appointment a ${APPOINTMENT_JOINS}
      WHERE a.location_id = $1 AND a.overbooked AND a.status IN ${HOLDS_TIME} AND a.ends_at >= $2`,
    subject: 'a.id',
    key: ms('a.starts_at'),
    since: 'a.created_at',
    detail: 'NULL::text',
  },
  'chairs-out-of-service': {
    from: `appointment a ${APPOINTMENT_JOINS}
      JOIN chair_outage o ON o.chair_id = a.chair_id
        AND tstzrange(o.starts_at, o.ends_at) && tstzrange(a.starts_at, a.chair_released_at)
      WHERE a.location_id = $1 AND a.status IN ${HOLDS_TIME} AND a.ends_at >= $2`,
    subject: 'a.id',
    key: 'o.id::text',
    since: 'o.created_at',
    detail: 'o.reason',
  },
  'replan-proposals': {
    from: `replan_proposal rp JOIN appointment a ON a.id = rp.appointment_id AND a.version = rp.appointment_version
      ${APPOINTMENT_JOINS}
      WHERE rp.location_id = $1 AND rp.status = 'open' AND a.status IN ('proposed', 'booked') AND a.ends_at >= $2`,
    subject: 'rp.id',
    key: 'rp.version::text',
    since: 'rp.proposed_at',
    detail: `'proposed ' || to_char(rp.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ', ' || rp.delay_minutes || ' min later (' || rp.cause || ')'`,
  },
  // Raised by the patient's messages (patient_alert), whenever the visit was: the follow-up is the day after it.
  'follow-up-alerts': {
    from: `patient_alert pa JOIN appointment a ON a.id = pa.appointment_id ${APPOINTMENT_JOINS}
      WHERE pa.location_id = $1 AND pa.kind = 'follow-up' AND $2::timestamptz IS NOT NULL`,
    subject: 'pa.id',
    key: ms('pa.raised_at'),
    since: 'pa.raised_at',
    detail: 'pa.detail',
  },
  'email-problems': {
    from: `patient_alert pa JOIN appointment a ON a.id = pa.appointment_id ${APPOINTMENT_JOINS}
      WHERE pa.location_id = $1 AND pa.kind IN ('email-bounce', 'email-complaint') AND $2::timestamptz IS NOT NULL`,
    subject: 'pa.id',
    key: ms('pa.raised_at'),
    since: 'pa.raised_at',
    detail: 'pa.detail',
  },
  // A message that failed for good with no other channel taking over (`notifications.message.failed`
  // without a fallback). The subject is the message (what the resend takes); only its latest
  // failure is an item, so a resend that failed again replaces the earlier item.
  'failed-messages': {
    from: `patient_alert pa JOIN appointment a ON a.id = pa.appointment_id ${APPOINTMENT_JOINS}
      WHERE pa.location_id = $1 AND pa.kind = 'message-failed' AND $2::timestamptz IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM patient_alert later
          WHERE later.message_id = pa.message_id AND later.kind = 'message-failed' AND later.raised_at > pa.raised_at)`,
    subject: 'pa.message_id',
    key: ms('pa.raised_at'),
    since: 'pa.raised_at',
    detail: 'pa.detail',
  },
};

/** Items still open: no resolution for (queue, subject, key). `$3` is the queue. */
export function openItemsSql(queue: WorkQueue): string {
  const q = QUEUE_SQL[queue];
  return `SELECT ${q.subject} AS subject_id, ${q.key} AS item_key, ${q.since} AS since, ${q.detail} AS detail,
      a.id AS appointment_id, a.starts_at, a.ends_at, a.status, a.therapy_code, a.therapy_id, a.version,
      c.label AS chair_label, n.display_name AS nurse_name,
      p.id AS patient_id, p.given_name, p.family_name, p.mrn, p.phone
    FROM ${q.from}
      AND NOT EXISTS (SELECT 1 FROM work_item_resolution r
        WHERE r.queue = $3 AND r.subject_id = ${q.subject} AND r.item_key = ${q.key})`;
}
