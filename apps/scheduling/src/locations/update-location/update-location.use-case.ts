import { Injectable } from '@nestjs/common';
import { LocationUpdatedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { HOLDS_TIME } from '../../appointments/appointment.entity.js';
import { Location } from '../location.entity.js';

export interface UpdateLocationCommand {
  organisationId: string;
  locationId: string;
  name?: string;
  timeZone?: string;
  centerAddress?: string;
  /** From If-Match: the version the caller last saw. */
  expectedVersion?: number;
  /** Appointments that end after this are still to come (a new time zone is refused while there are any). */
  now: Date;
}

@Injectable()
export class UpdateLocationUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: UpdateLocationCommand): Promise<Location> {
    return this.unitOfWork.run(async (tx) => {
      // The row lock taken here orders this location's events: the next change waits for this commit.
      const location = await tx.manager.findOne(Location, {
        where: { id: command.locationId, organisationId: command.organisationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!location) throw ProblemException.notFound('Location', command.locationId);
      if (command.expectedVersion !== undefined && command.expectedVersion !== location.version) {
        throw ProblemException.conflict(
          'version-mismatch',
          `Location ${location.id} is at version ${location.version}, not ${command.expectedVersion}. Reload and try again.`,
          { currentVersion: location.version },
        );
      }
      if (command.timeZone !== undefined && command.timeZone !== location.timeZone) {
        // Appointments are instants, but the clinic booked them as local times: in another zone they
        // would silently show (and remind) at other hours. Under the row lock taken above no booking
        // can slip in between this count and the change: a placement reads the location for share,
        // and a new appointment's foreign key to it takes a key-share lock, both waiting for this commit.
        const [coming] = (await tx.manager.query(
          `SELECT count(*)::int AS n, min(starts_at) AS first FROM appointment
            WHERE location_id = $1 AND status IN ${HOLDS_TIME} AND ends_at > $2`,
          [location.id, command.now],
        )) as Array<{ n: number; first: Date | null }>;
        if (coming && coming.n > 0)
          throw ProblemException.conflict(
            'location-has-coming-appointments',
            `Location ${location.id} has ${coming.n} coming appointments booked in ${location.timeZone}; ` +
              'their local times would shift in another zone. Move or cancel them first.',
            { comingAppointments: coming.n, firstStartsAt: coming.first ? new Date(coming.first).toISOString() : null },
          );
      }
      location.name = command.name ?? location.name;
      location.timeZone = command.timeZone ?? location.timeZone;
      location.centerAddress = command.centerAddress ?? location.centerAddress;
      location.version += 1;
      await tx.manager.update(
        Location,
        { id: location.id },
        { name: location.name, timeZone: location.timeZone, centerAddress: location.centerAddress, version: location.version },
      );
      await tx.publish(
        LocationUpdatedV1,
        {
          locationId: location.id,
          organisationId: location.organisationId,
          name: location.name,
          timeZone: location.timeZone,
          ...(location.centerAddress ? { centerAddress: location.centerAddress } : {}),
        },
        { aggregateId: location.id, aggregateSequence: location.version, locationId: location.id },
      );
      return location;
    });
  }
}
