import type { EntityManager } from 'typeorm';
import type { DataOf, PatientContactChangedV1 } from '@chairside/contracts';
import type { NotificationPreferences, PreparationRequirements } from '@chairside/domain';

/**
 * Writes notifications' copy of scheduling's locations, therapies, appointments and patient
 * contacts. Upserts guarded by version or sequence, so a replay or a late older event changes nothing.
 */
export async function projectLocation(
  manager: EntityManager,
  d: { locationId: string; organisationId: string; name: string; timeZone: string; centerAddress?: string | undefined },
): Promise<void> {
  await manager.query(
    `INSERT INTO directory_location (location_id, organisation_id, name, time_zone, center_address) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (location_id) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone, center_address = EXCLUDED.center_address`,
    [d.locationId, d.organisationId, d.name, d.timeZone, d.centerAddress ?? null],
  );
}

export async function projectTherapySettings(
  manager: EntityManager,
  d: {
    organisationId: string;
    therapyCode: string;
    name: string;
    requiresFasting: boolean;
    mayDriveAfter: boolean;
    version: number;
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO directory_therapy_setting (organisation_id, therapy_code, settings, version) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organisation_id, therapy_code) DO UPDATE SET settings = EXCLUDED.settings, version = EXCLUDED.version WHERE directory_therapy_setting.version < EXCLUDED.version`,
    [
      d.organisationId,
      d.therapyCode,
      JSON.stringify({ name: d.name, requiresFasting: d.requiresFasting, mayDriveAfter: d.mayDriveAfter }),
      d.version,
    ],
  );
}

export interface AppointmentState {
  appointmentId: string;
  patientId: string;
  locationId: string;
  therapyCode: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  /** appointment.booked's `therapy`: a therapy the organisation defined itself. */
  therapy?: { therapyId: string; code: string; name: string; preparation: PreparationRequirements } | undefined;
}

/** The appointment as scheduling last described it; `sequence` is its aggregate sequence (newer wins). */
export async function projectAppointment(
  manager: EntityManager,
  d: AppointmentState,
  status: 'booked' | 'cancelled' | 'held',
  sequence: number,
): Promise<void> {
  await manager.query(
    `INSERT INTO directory_appointment (appointment_id, patient_id, location_id, therapy_code, starts_at, ends_at, status, sequence, time_zone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (appointment_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, status = EXCLUDED.status, sequence = EXCLUDED.sequence, time_zone = EXCLUDED.time_zone
     WHERE directory_appointment.sequence < EXCLUDED.sequence`,
    [
      d.appointmentId,
      d.patientId,
      d.locationId,
      d.therapyCode,
      new Date(d.startsAt),
      new Date(d.endsAt),
      status,
      sequence,
      d.timeZone,
    ],
  );
  // Only the booking carries it; a reschedule or cancellation keeps what the booking said.
  if (d.therapy)
    await manager.query('UPDATE directory_appointment SET own_therapy = $2 WHERE appointment_id = $1', [
      d.appointmentId,
      JSON.stringify(d.therapy),
    ]);
}

/** What happened to the appointment after its last scheduling event told (no-show, or discharged from its session). */
export async function markAppointment(
  manager: EntityManager,
  appointmentId: string,
  status: 'noshow' | 'fulfilled',
): Promise<void> {
  await manager.query(`UPDATE directory_appointment SET status = $2 WHERE appointment_id = $1`, [appointmentId, status]);
}

/** The contact, unless a newer version is there; true when the patient was not known before. */
export async function projectContact(
  manager: EntityManager,
  d: DataOf<typeof PatientContactChangedV1>,
  preferences: NotificationPreferences,
  version: number,
): Promise<boolean> {
  const [written] = (await manager.query(
    `INSERT INTO directory_contact (patient_id, organisation_id, given_name, email, phone, language, consent, preferences, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (patient_id) DO UPDATE SET given_name = EXCLUDED.given_name, email = EXCLUDED.email, phone = EXCLUDED.phone, language = EXCLUDED.language,
       consent = EXCLUDED.consent, preferences = EXCLUDED.preferences, version = EXCLUDED.version
     WHERE directory_contact.version < EXCLUDED.version
     RETURNING (xmax = 0) AS inserted`,
    [
      d.patientId,
      d.organisationId,
      d.givenName,
      d.email,
      d.phone,
      d.preferredLanguage,
      d.notificationConsent,
      JSON.stringify(preferences),
      version,
    ],
  )) as Array<{ inserted: boolean }>;
  return written?.inserted ?? false;
}
