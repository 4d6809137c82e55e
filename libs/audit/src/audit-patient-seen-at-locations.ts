import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_PATIENT_SCOPE, type AuditPatientScope } from './audit-patient-scope.js';

const PATIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A plain lower-case SQL name: nothing that could end the statement or quote its way out of it. */
const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The patient scope of a service that knows patients only through their appointments (sessions,
 * notifications, reporting): the patient has a row (an appointment, any status) in `table` at one
 * of the user's locations of their organisation, `directory_location` telling the organisation.
 * Anyone else gets an empty page, not 404 (`registry` false: whether the patient exists is
 * scheduling's to say).
 */
class PatientSeenAtLocations implements AuditPatientScope {
  readonly registry = false;
  private readonly sql: string;

  constructor(
    private readonly dataSource: DataSource,
    table: string,
  ) {
    this.sql = `SELECT 1 FROM ${table} t JOIN directory_location l ON l.location_id = t.location_id
      WHERE t.patient_id = $1 AND t.location_id = ANY($2::uuid[]) AND l.organisation_id = $3 LIMIT 1`;
  }

  async sees(organisationId: string, locations: readonly string[], patientId: string): Promise<boolean> {
    // The trail's filter takes any text; PostgreSQL would refuse a non-uuid as a uuid with an error.
    if (!PATIENT_ID.test(patientId)) return false;
    const rows = (await this.dataSource.query(this.sql, [patientId, [...locations], organisationId])) as unknown[];
    return rows.length > 0;
  }
}

@Module({})
class PatientSeenAtLocationsScopeModule {}

/**
 * The audit trail's patient scope for a service whose `table` holds its copy of the patient's
 * appointments (`patient_id`, `location_id`); it should have an index on (patient_id, location_id).
 * Global, so the audit module (loaded by libs/runtime for every service) finds it.
 *
 * `table` goes into the SQL as written (a table name cannot be a bind parameter): it is a constant
 * the service chooses in code, never anything from a request or configuration. A name that is not
 * a plain lower-case SQL name is refused here, at boot, so a slip fails the service's start rather
 * than reaching PostgreSQL.
 */
export function patientSeenAtLocationsScope(table: string): DynamicModule {
  if (!TABLE_NAME.test(table)) throw new Error(`patientSeenAtLocationsScope: '${table}' is not a plain table name`);
  return {
    module: PatientSeenAtLocationsScopeModule,
    global: true,
    providers: [
      {
        provide: AUDIT_PATIENT_SCOPE,
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => new PatientSeenAtLocations(dataSource, table),
      },
    ],
    exports: [AUDIT_PATIENT_SCOPE],
  };
}
