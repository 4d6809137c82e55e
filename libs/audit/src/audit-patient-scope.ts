import type { LocationGrant } from '@chairside/domain';

/**
 * A service's own rule of which patients a user limited to some locations sees. A service that
 * provides it (as a global provider under this token) lets a privacy officer or admin of one center
 * read the trail of a patient of that center; a service without it keeps its trail to
 * organisation-wide grants.
 */
export const AUDIT_PATIENT_SCOPE = Symbol('AUDIT_PATIENT_SCOPE');

export interface AuditPatientScope {
  /** Whether a user of `organisationId` limited to `locations` sees this patient. */
  sees(organisationId: string, locations: Exclude<LocationGrant, '*'>, patientId: string): Promise<boolean>;
}
