import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventContext } from '@chairside/messaging';
import { holdZone, lockLocations, stageKpiRefresh } from '../kpis/rollups/kpi-rollups.projector.js';
import type { ChairAddedV1, DataOf, LocationHoursSetV1, LocationRegisteredV1, LocationUpdatedV1 } from '@chairside/contracts';

export class ChairMovedError extends Error {
  constructor(chairId: string, from: string, to: string) {
    super(`chair ${chairId} belongs to location ${from}; an event places it at ${to}`);
    this.name = 'ChairMovedError';
  }
}

/** Applies location and chair events to the directory. Every method is safe to replay. */
@Injectable()
export class DirectoryProjector {
  /** A new or changed zone moves the location's facts to other local days: the rollups follow (a trigger marks them). */
  async locationChanged(
    ctx: EventContext,
    data: DataOf<typeof LocationRegisteredV1> | DataOf<typeof LocationUpdatedV1>,
    sequence: number,
  ): Promise<void> {
    // Written now, not staged: the lock is taken here too, before the write that may move the facts' days.
    stageKpiRefresh(ctx, data.locationId);
    await lockLocations(ctx.manager, [data.locationId]);
    // Only a new zone waits for the refresh rounds of the location (a rename does not).
    await holdZone(ctx.manager, data.locationId, data.timeZone, sequence);
    await ctx.manager.query(
      `INSERT INTO directory_location (location_id, organisation_id, name, time_zone, last_sequence)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (location_id) DO UPDATE
         SET organisation_id = EXCLUDED.organisation_id, name = EXCLUDED.name, time_zone = EXCLUDED.time_zone, last_sequence = EXCLUDED.last_sequence
         WHERE directory_location.last_sequence < EXCLUDED.last_sequence`,
      [data.locationId, data.organisationId, data.name, data.timeZone, sequence],
    );
  }

  async hoursSet(manager: EntityManager, data: DataOf<typeof LocationHoursSetV1>): Promise<void> {
    await manager.query(
      `INSERT INTO directory_location (location_id, weekly_hours, closed_dates) VALUES ($1, $2, $3)
       ON CONFLICT (location_id) DO UPDATE SET weekly_hours = EXCLUDED.weekly_hours, closed_dates = EXCLUDED.closed_dates`,
      [data.locationId, JSON.stringify(data.weeklyHours), JSON.stringify(data.closedDates)],
    );
  }

  async chairAdded(manager: EntityManager, data: DataOf<typeof ChairAddedV1>): Promise<void> {
    const inserted = (await manager.query(
      `INSERT INTO directory_chair (chair_id, location_id, label, kind) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chair_id) DO NOTHING RETURNING chair_id`,
      [data.chairId, data.locationId, data.label, data.kind],
    )) as unknown[];
    if (!inserted.length) {
      const [existing] = (await manager.query('SELECT location_id FROM directory_chair WHERE chair_id = $1', [
        data.chairId,
      ])) as Array<{ location_id: string }>;
      // Chairs never move between locations: a contradicting event is a producer bug to investigate.
      if (existing && existing.location_id !== data.locationId)
        throw new ChairMovedError(data.chairId, existing.location_id, data.locationId);
      return;
    }
    await manager.query(
      `INSERT INTO directory_location (location_id, chair_count) VALUES ($1, 1)
       ON CONFLICT (location_id) DO UPDATE SET chair_count = directory_location.chair_count + 1`,
      [data.locationId],
    );
  }
}
