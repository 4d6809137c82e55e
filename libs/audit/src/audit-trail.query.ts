import { Inject, Injectable, Optional } from '@nestjs/common';
import type { LocationGrant, Role } from '@chairside/domain';
import { DataSource } from 'typeorm';
import type { AuditRecordData } from '@chairside/contracts';
import { ProblemException } from '@chairside/platform';
import { AUDIT_COLUMNS, recordFromRow } from './audit-chain.js';
import { AUDIT_PATIENT_SCOPE, type AuditPatientScope } from './audit-patient-scope.js';
import { AUDIT_OPTIONS, type AuditOptions } from './audit-trail.js';
import type { AuditQueryDto } from './dto/audit-query.dto.js';

const MAX_RANGE_MS = 366 * 24 * 3600_000;

export interface AuditPage {
  records: Array<AuditRecordData & { seq: string }>;
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

/** Who asks: their organisation, location grant and roles. */
export interface AuditReader {
  organisationId: string;
  locations: LocationGrant;
  roles: readonly Role[];
}

/** The roles that answer for the trail itself: they may search it whole (with every location). */
export const AUDIT_TRAIL_ROLES: readonly Role[] = ['admin', 'privacy-officer'];
/**
 * Staff who may see who looked at one patient they see (the console's Patient screen), never the
 * trail at large: scheduling's patient readers and the charge nurse running the center's day.
 */
export const PATIENT_AUDIT_ROLES: readonly Role[] = ['scheduler', 'charge-nurse'];

/**
 * One organisation's audit records, newest first, in pages, over a bounded time range. An admin or
 * privacy officer with every location reads the whole trail; anyone else allowed (limited to some
 * locations, or a scheduler or charge nurse) reads only the trail of one patient they see (the
 * service's AuditPatientScope), every record of that patient included: the privacy officer or
 * scheduler of a center answers "who looked at our patient", wherever it was looked at. Staff who
 * are not audit roles get the records without the lookers' IP address and browser: when, who, what
 * and the outcome answer their question; where colleagues work from stays with the privacy officer.
 */
@Injectable()
export class AuditTrailQuery {
  constructor(
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly dataSource: DataSource,
    @Optional() @Inject(AUDIT_PATIENT_SCOPE) private readonly patientScope?: AuditPatientScope,
  ) {}

  async execute(reader: AuditReader, query: AuditQueryDto, now = new Date()): Promise<AuditPage> {
    const { organisationId, locations } = reader;
    // The range first, before the patient is looked up or any row is read: it sizes the work.
    const from = new Date(query.from);
    const to = query.to ? new Date(query.to) : now;
    if (to.getTime() <= from.getTime())
      throw ProblemException.validation([{ field: 'to', reason: 'must be after from' }], 'The time range is empty.');
    if (to.getTime() - from.getTime() > MAX_RANGE_MS)
      throw ProblemException.validation([{ field: 'to', reason: 'at most 366 days after from' }], 'The time range is too long.');
    const auditRole = reader.roles.some((r) => AUDIT_TRAIL_ROLES.includes(r));
    if (locations !== '*' || !auditRole) {
      if (query.patientId === undefined)
        throw ProblemException.forbidden(
          auditRole
            ? 'A user limited to some locations reads the trail of one patient they see: give patientId.'
            : 'Staff read the trail of one patient they see: give patientId.',
        );
      if (locations !== '*') {
        if (!this.patientScope)
          throw ProblemException.forbidden(`The ${this.options.service} trail is read with a grant of every location.`);
        if (!(await this.patientScope.sees(organisationId, locations, query.patientId))) {
          // As everywhere else, a patient the reader does not see is answered as if it did not exist
          // by the registry; a service that only knows patients through appointments has nothing to show.
          if (this.patientScope.registry) throw ProblemException.notFound('Patient', query.patientId);
          return { records: [], next: null };
        }
      }
    }
    const limit = query.limit ?? 100;
    const where = ['organisation_id = $1', 'occurred_at >= $2', 'occurred_at < $3'];
    const parameters: unknown[] = [organisationId, from.toISOString(), to.toISOString()];
    const filter = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      parameters.push(value);
      where.push(`${column} = $${parameters.length}`);
    };
    filter('patient_id', query.patientId);
    filter('actor_subject', query.actor);
    filter('resource_type', query.resourceType);
    filter('resource_id', query.resourceId);
    filter('action', query.action);
    filter('outcome', query.outcome);
    if (query.before !== undefined) {
      parameters.push(query.before);
      where.push(`seq < $${parameters.length}`);
    }
    parameters.push(limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT ${AUDIT_COLUMNS.replace('seq,', 'seq::text AS seq,')} FROM audit_record WHERE ${where.join(' AND ')} ORDER BY audit_record.seq DESC LIMIT $${parameters.length}`,
      parameters,
    )) as Array<Record<string, unknown>>;
    const page = rows.slice(0, limit);
    const withOrigin = (record: AuditRecordData): AuditRecordData =>
      auditRole ? record : { ...record, ip: null, userAgent: null };
    return {
      records: page.map((row) => ({ seq: String(row.seq), ...withOrigin(recordFromRow(this.options.service, row)) })),
      next: rows.length > limit ? String(page[page.length - 1]!.seq) : null,
    };
  }
}
