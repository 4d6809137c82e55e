import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import type { Certification, ChairKind } from '@chairside/domain';
import { Chair } from '../../src/locations/chair.entity.js';
import { Location } from '../../src/locations/location.entity.js';
import { Nurse, NurseShift } from '../../src/staffing/nurse.entity.js';

/** A local date `days` ahead of today in `zone` (YYYY-MM-DD): far enough ahead to book. */
export function localDayAhead(zone: string, days = 7): string {
  return DateTime.now().setZone(zone).plus({ days }).toISODate()!;
}

/** `localDate` at `hhmm` in `zone`, as an instant. */
export function at(zone: string, localDate: string, hhmm: string): Date {
  return DateTime.fromISO(`${localDate}T${hhmm}`, { zone }).toJSDate();
}

export interface BuiltCenter {
  organisationId: string;
  location: Location;
  chairs: Chair[];
  nurses: Nurse[];
  shifts: NurseShift[];
  /** The (first) local day the nurses work, if `staffedOn` was given. */
  day: string | undefined;
}

/**
 * A location as the fast tier needs it, written straight to the tables (no events): the state a
 * use case starts from, not the use cases that would have built it.
 *   aLocation().inZone('Europe/Madrid').withChairs(4).withNurses(2).staffedOn('2030-01-07').build(dataSource)
 */
export class LocationBuilder {
  private organisationId: string = randomUUID();
  private name = 'Test Center';
  private zone = 'Europe/Madrid';
  private hours = { opens: '08:00', closes: '18:00' };
  private closedDates: string[] = [];
  private chairs: Array<{ label: string; kind: ChairKind }> = [];
  private nurses: Array<{ capacity: number; certifications: Certification[] }> = [];
  private shiftDays: Array<{ day: string; from: string; to: string }> = [];

  inOrganisation(organisationId: string): this {
    this.organisationId = organisationId;
    return this;
  }

  named(name: string): this {
    this.name = name;
    return this;
  }

  inZone(zone: string): this {
    this.zone = zone;
    return this;
  }

  /** The same hours every day of the week (08:00–18:00 unless told). */
  openDaily(opens: string, closes: string): this {
    this.hours = { opens, closes };
    return this;
  }

  closedOn(...localDates: string[]): this {
    this.closedDates.push(...localDates);
    return this;
  }

  withChairs(count: number, kind: ChairKind = 'recliner'): this {
    const first = this.chairs.length + 1;
    for (let i = 0; i < count; i++) this.chairs.push({ label: `Chair ${first + i}`, kind });
    return this;
  }

  withNurses(count: number, options: { capacity?: number; certifications?: Certification[] } = {}): this {
    for (let i = 0; i < count; i++)
      this.nurses.push({ capacity: options.capacity ?? 4, certifications: options.certifications ?? ['infusion'] });
    return this;
  }

  /** Every nurse works `localDate` from `from` to `to`, local time (07:00–17:00 unless told); call again for more days. */
  staffedOn(localDate: string, from = '07:00', to = '17:00'): this {
    this.shiftDays.push({ day: localDate, from, to });
    return this;
  }

  async build(dataSource: DataSource): Promise<BuiltCenter> {
    return dataSource.transaction(async (manager) => {
      const location = manager.create(Location, {
        id: randomUUID(),
        organisationId: this.organisationId,
        name: this.name,
        timeZone: this.zone,
        centerAddress: null,
        weeklyHours: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), [{ ...this.hours }]])),
        closedDates: this.closedDates,
        version: 1,
      });
      await manager.insert(Location, location);
      const chairs = this.chairs.map((c) =>
        manager.create(Chair, { id: randomUUID(), locationId: location.id, ...c, version: 1 }),
      );
      if (chairs.length) await manager.insert(Chair, chairs);
      const nurses = this.nurses.map((n, i) =>
        manager.create(Nurse, {
          id: randomUUID(),
          locationId: location.id,
          displayName: `Nurse ${i + 1}`,
          certifications: n.certifications,
          capacity: n.capacity,
          startWindowMinutes: 15,
        }),
      );
      if (nurses.length) await manager.insert(Nurse, nurses);
      const shifts = this.shiftDays.flatMap((shift) =>
        nurses.map((n) =>
          manager.create(NurseShift, {
            id: randomUUID(),
            nurseId: n.id,
            startsAt: at(this.zone, shift.day, shift.from),
            endsAt: at(this.zone, shift.day, shift.to),
            breaks: [],
          }),
        ),
      );
      if (shifts.length) await manager.insert(NurseShift, shifts);
      return { organisationId: this.organisationId, location, chairs, nurses, shifts, day: this.shiftDays[0]?.day };
    });
  }
}

export const aLocation = (): LocationBuilder => new LocationBuilder();
