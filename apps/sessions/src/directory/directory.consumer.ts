import { Controller } from '@nestjs/common';
import {
  ChairAddedV1,
  type EventOf,
  LocationRegisteredV1,
  LocationUpdatedV1,
  NurseRegisteredV1,
  TherapySettingsChangedV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';

/**
 * What sessions needs of scheduling's resources: which organisation a location belongs to and
 * its zone, chair labels and nurse names for the board, an organisation's monitoring schedules.
 * Upserts, so a replay writes the same rows.
 */
@Controller()
export class DirectoryConsumer {
  @OnEvent(LocationRegisteredV1)
  onRegistered(event: EventOf<typeof LocationRegisteredV1>, ctx: EventContext) {
    return this.location(event.data, ctx);
  }

  @OnEvent(LocationUpdatedV1)
  onUpdated(event: EventOf<typeof LocationUpdatedV1>, ctx: EventContext) {
    return this.location(event.data, ctx);
  }

  @OnEvent(ChairAddedV1)
  async onChair(event: EventOf<typeof ChairAddedV1>, ctx: EventContext) {
    const d = event.data;
    await ctx.manager.query(
      `INSERT INTO known_chair (chair_id, location_id, label, kind) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chair_id) DO UPDATE SET label = EXCLUDED.label, kind = EXCLUDED.kind`,
      [d.chairId, d.locationId, d.label, d.kind],
    );
  }

  @OnEvent(NurseRegisteredV1)
  async onNurse(event: EventOf<typeof NurseRegisteredV1>, ctx: EventContext) {
    const d = event.data;
    await ctx.manager.query(
      `INSERT INTO known_nurse (nurse_id, location_id, display_name) VALUES ($1, $2, $3)
       ON CONFLICT (nurse_id) DO UPDATE SET display_name = EXCLUDED.display_name`,
      [d.nurseId, d.locationId, d.displayName],
    );
  }

  @OnEvent(TherapySettingsChangedV1)
  async onTherapy(event: EventOf<typeof TherapySettingsChangedV1>, ctx: EventContext) {
    const d = event.data;
    // Versions only grow: an older edit arriving late does not undo a newer one.
    await ctx.manager.query(
      `INSERT INTO known_therapy_setting (organisation_id, therapy_code, settings, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organisation_id, therapy_code) DO UPDATE SET settings = EXCLUDED.settings, version = EXCLUDED.version
       WHERE known_therapy_setting.version < EXCLUDED.version`,
      [d.organisationId, d.therapyCode, JSON.stringify({ vitals: d.vitals, mayDriveAfter: d.mayDriveAfter }), d.version],
    );
  }

  private async location(d: { locationId: string; organisationId: string; name: string; timeZone: string }, ctx: EventContext) {
    await ctx.manager.query(
      `INSERT INTO known_location (location_id, organisation_id, name, time_zone) VALUES ($1, $2, $3, $4)
       ON CONFLICT (location_id) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone`,
      [d.locationId, d.organisationId, d.name, d.timeZone],
    );
  }
}
