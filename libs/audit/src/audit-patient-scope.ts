import type { LocationGrant } from '@chairside/domain';

/**
 * A service's own rule of which patients a user limited to some locations sees. A service that
 * provides it (as a global provider under this token) lets a location-limited reader (a center's
 * privacy officer or admin, or its scheduler or charge nurse on the Patient screen) read the trail of
 * one patient of that center; a service without it keeps its trail to organisation-wide grants.
 */
export const AUDIT_PATIENT_SCOPE = Symbol('AUDIT_PATIENT_SCOPE');

export interface AuditPatientScope {
  /**
   * True where the service keeps the patient registry (scheduling): a patient it does not show
   * the reader is answered as if it did not exist (404). False where the service only knows a
   * patient through their appointments (sessions, notifications, reporting): whether the patient
   * exists is the registry's to say, and a patient it cannot place at the reader's locations
   * (unknown, treated only elsewhere, or registered there but never booked) gets an empty page:
   * nothing disclosed, and the one 404 of a cross-service read comes from the registry.
   */
  readonly registry: boolean;
  /** Whether a user of `organisationId` limited to `locations` sees this patient. */
  sees(organisationId: string, locations: Exclude<LocationGrant, '*'>, patientId: string): Promise<boolean>;
}
