import { Injectable } from '@nestjs/common';
import { LocationUpdatedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Location } from '../location.entity.js';

export interface UpdateLocationCommand {
  organisationId: string;
  locationId: string;
  name?: string;
  timeZone?: string;
  centerAddress?: string;
  /** From If-Match: the version the caller last saw. */
  expectedVersion?: number;
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
