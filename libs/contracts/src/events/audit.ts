import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { Topics, type ServiceName, type TopicSpec } from '../topics.js';

export const AUDIT_ACTIONS = ['read', 'search', 'create', 'update', 'delete'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_OUTCOMES = ['success', 'refused', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One audit record as a SIEM receives it: identifiers and request facts, never the data read. */
export const auditRecordSchema = z.object({
  recordId: z.uuid(),
  service: z.enum(['scheduling', 'sessions', 'notifications', 'reporting']),
  occurredAt: z.iso.datetime({ offset: false }),
  /** Token subject; null when the request carried no valid token (a 401). */
  actorSubject: z.string().nullable(),
  actorRoles: z.array(z.string()),
  organisationId: z.string().nullable(),
  actorClient: z.string().nullable(),
  resourceType: z.string().min(1),
  resourceId: z.string().nullable(),
  patientId: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** The HTTP status of the response. */
  status: z.number().int(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  correlationId: z.string().nullable(),
  /** Method and route pattern, e.g. `GET /locations/:locationId/sessions/:appointmentId`. */
  route: z.string(),
});
export type AuditRecordData = z.output<typeof auditRecordSchema>;

function auditRecorded(service: ServiceName, topic: TopicSpec) {
  return defineEvent({
    name: `${service}.audit.recorded`,
    version: 1,
    topic,
    source: service,
    aggregateType: 'audit-record',
    description: `A read, search or change of patient data in ${service} (or a refused attempt), as recorded in its append-only audit trail.`,
    schema: auditRecordSchema,
  });
}

export const SchedulingAuditRecordedV1 = auditRecorded('scheduling', Topics.schedulingAudit);
export const SessionsAuditRecordedV1 = auditRecorded('sessions', Topics.sessionsAudit);
export const NotificationsAuditRecordedV1 = auditRecorded('notifications', Topics.notificationsAudit);
export const ReportingAuditRecordedV1 = auditRecorded('reporting', Topics.reportingAudit);

export const AUDIT_RECORDED: Record<ServiceName, typeof SchedulingAuditRecordedV1> = {
  scheduling: SchedulingAuditRecordedV1,
  sessions: SessionsAuditRecordedV1,
  notifications: NotificationsAuditRecordedV1,
  reporting: ReportingAuditRecordedV1,
};
