import type { ChairAddedV1, DataOf, NurseRegisteredV1, TherapySettingsChangedV1 } from '@chairside/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Writes sessions' copy of scheduling's resources from its events. Upserts, so a replay writes
 * the same rows.
 */
export async function projectLocation(
  manager: EntityManager,
  d: { locationId: string; organisationId: string; name: string; timeZone: string },
): Promise<void> {
  await manager.query(
    `INSERT INTO directory_location (location_id, organisation_id, name, time_zone) VALUES ($1, $2, $3, $4)
     ON CONFLICT (location_id) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone`,
    [d.locationId, d.organisationId, d.name, d.timeZone],
  );
}

export async function projectChair(manager: EntityManager, d: DataOf<typeof ChairAddedV1>): Promise<void> {
  await manager.query(
    `INSERT INTO directory_chair (chair_id, location_id, label, kind) VALUES ($1, $2, $3, $4)
     ON CONFLICT (chair_id) DO UPDATE SET label = EXCLUDED.label, kind = EXCLUDED.kind`,
    [d.chairId, d.locationId, d.label, d.kind],
  );
}

export async function projectNurse(manager: EntityManager, d: DataOf<typeof NurseRegisteredV1>): Promise<void> {
  await manager.query(
    `INSERT INTO directory_nurse (nurse_id, location_id, display_name) VALUES ($1, $2, $3)
     ON CONFLICT (nurse_id) DO UPDATE SET display_name = EXCLUDED.display_name`,
    [d.nurseId, d.locationId, d.displayName],
  );
}

export async function projectTherapySettings(manager: EntityManager, d: DataOf<typeof TherapySettingsChangedV1>): Promise<void> {
  // Versions only grow: an older edit arriving late does not undo a newer one.
  await manager.query(
    `INSERT INTO directory_therapy_setting (organisation_id, therapy_code, settings, version) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organisation_id, therapy_code) DO UPDATE SET settings = EXCLUDED.settings, version = EXCLUDED.version
     WHERE directory_therapy_setting.version < EXCLUDED.version`,
    [d.organisationId, d.therapyCode, JSON.stringify({ vitals: d.vitals, mayDriveAfter: d.mayDriveAfter }), d.version],
  );
}
