import { Inject, Injectable, Optional } from '@nestjs/common';
import type { LocationGrant } from '@chairside/domain';
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

/** Who asks: their organisation and location grant. */
export interface AuditReader {
  organisationId: string;
  locations: LocationGrant;
}

/**
 * One organisation's audit records, newest first, in pages, over a bounded time range. A reader
 * with every location reads the whole trail; a reader limited to some locations reads only the trail
 * of one patient they see (the service's AuditPatientScope), every record of that patient included:
 * the privacy officer of a center answers "who looked at our patient", wherever it was looked at.
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
    if (locations !== '*') {
      if (query.patientId === undefined)
        throw ProblemException.forbidden(
          'A user limited to some locations reads the trail of one patient they see: give patientId.',
        );
      if (!this.patientScope)
        throw ProblemException.forbidden(`The ${this.options.service} trail is read with a grant of every location.`);
      // As everywhere else, a patient the reader does not see is answered as if it did not exist.
      if (!(await this.patientScope.sees(organisationId, locations, query.patientId)))
        throw ProblemException.notFound('Patient', query.patientId);
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
    return {
      records: page.map((row) => ({ seq: String(row.seq), ...recordFromRow(this.options.service, row) })),
      next: rows.length > limit ? String(page[page.length - 1]!.seq) : null,
    };
  }
}
