import type { EntityManager } from 'typeorm';
import { reminderDue } from '../planning/plan.js';

export const DEFAULT_REMINDER_OFFSETS_HOURS = [72, 24, 2];

/** The reminder offsets of the organisation the location belongs to (the defaults until it set its own). */
export async function reminderOffsets(manager: EntityManager, locationId: string): Promise<number[]> {
  const [row] = (await manager.query(
    `SELECT s.reminder_offsets_hours FROM notification_settings s JOIN directory_location l ON l.organisation_id = s.organisation_id WHERE l.location_id = $1`,
    [locationId],
  )) as Array<{ reminder_offsets_hours: number[] }>;
  return row?.reminder_offsets_hours ?? DEFAULT_REMINDER_OFFSETS_HOURS;
}

/** The reminders of an appointment, each wanted at its offset before the start (whole days on the center's calendar). */
export function remindersFor(
  a: { startsAt: Date; timeZone: string },
  offsets: number[],
): Array<{ kind: 'reminder'; wanted: Date; latest: Date; offsetHours: number }> {
  return offsets.map((h) => ({
    kind: 'reminder' as const,
    wanted: new Date(reminderDue(a.startsAt.getTime(), h, a.timeZone)),
    latest: a.startsAt,
    offsetHours: h,
  }));
}
