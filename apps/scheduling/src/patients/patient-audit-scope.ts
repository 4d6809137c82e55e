import { Global, Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_PATIENT_SCOPE, type AuditPatientScope } from '@chairside/audit';
import { visibleTo } from './patient-scope.js';

const PATIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Scheduling's answer to "does this location-limited user see the patient?" for its audit trail:
 * the same rule as every patient read (registered there, or an appointment, plan or waitlist
 * request there), so a center's privacy officer reads the trail of their own patients.
 */
@Injectable()
export class PatientAuditScope implements AuditPatientScope {
  /** Scheduling keeps the registry: a patient it does not show the reader is 404. */
  readonly registry = true;

  constructor(private readonly dataSource: DataSource) {}

  async sees(organisationId: string, locations: readonly string[], patientId: string): Promise<boolean> {
    // The trail's filter takes any text (records name patients as text); a patient here is a uuid,
    // and PostgreSQL would refuse anything else as a uuid with an error, not "not seen".
    if (!PATIENT_ID.test(patientId)) return false;
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM patient p WHERE p.id = $1 AND p.organisation_id = $2 AND ${visibleTo(3)}`,
      [patientId, organisationId, [...locations]],
    )) as unknown[];
    return rows.length > 0;
  }
}

/** Global, so the audit module (loaded by libs/runtime for every service) finds it. */
@Global()
@Module({
  providers: [PatientAuditScope, { provide: AUDIT_PATIENT_SCOPE, useExisting: PatientAuditScope }],
  exports: [AUDIT_PATIENT_SCOPE],
})
export class PatientAuditScopeModule {}
