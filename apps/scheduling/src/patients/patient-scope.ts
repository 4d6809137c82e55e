import type { LocationGrant } from '@chairside/domain';

/**
 * Who sees a patient. Patients belong to the organisation; a user whose token grants every
 * location (`*`) sees all of them. A user limited to locations sees a patient who has, at one of
 * those locations, an appointment (any status, past or future), a treatment plan or a waitlist
 * request, or who was registered there. Anyone else is answered as if the patient did not exist
 * (404), so a location's staff cannot learn who is treated only elsewhere.
 *
 * As SQL: a condition on the patient alias `p` (or on the columns named in `patient`), true for
 * every patient when `locations` is null. `$n` is the parameter holding the location ids (uuid[]).
 */
export function visibleTo(n: number, patient = { id: 'p.id', registeredLocationId: 'p.registered_location_id' }): string {
  return `($${n}::uuid[] IS NULL
    OR ${patient.registeredLocationId} = ANY($${n}::uuid[])
    OR EXISTS (SELECT 1 FROM appointment sa WHERE sa.patient_id = ${patient.id} AND sa.location_id = ANY($${n}::uuid[]))
    OR EXISTS (SELECT 1 FROM treatment_plan st WHERE st.patient_id = ${patient.id} AND st.location_id = ANY($${n}::uuid[]))
    OR EXISTS (SELECT 1 FROM waitlist_request sw WHERE sw.patient_id = ${patient.id} AND sw.location_id = ANY($${n}::uuid[])))`;
}

/** The parameter for `visibleTo`: null for the whole organisation. */
export function locationsParameter(locations: LocationGrant): string[] | null {
  return locations === '*' ? null : [...locations];
}
