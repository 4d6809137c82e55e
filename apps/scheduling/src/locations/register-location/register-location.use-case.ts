import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LocationRegisteredV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { Location } from '../location.entity.js';

export interface RegisterLocationCommand {
  organisationId: string;
  name: string;
  timeZone: string;
  centerAddress?: string;
}

@Injectable()
export class RegisterLocationUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: RegisterLocationCommand): Promise<Location> {
    return this.unitOfWork.run(async (tx) => {
      const location = tx.manager.create(Location, {
        id: randomUUID(),
        ...command,
        centerAddress: command.centerAddress ?? null,
        version: 1,
      });
      await tx.manager.insert(Location, location);
      await tx.publish(
        LocationRegisteredV1,
        {
          locationId: location.id,
          organisationId: location.organisationId,
          name: location.name,
          timeZone: location.timeZone,
          ...(location.centerAddress ? { centerAddress: location.centerAddress } : {}),
        },
        { aggregateId: location.id, aggregateSequence: 1, locationId: location.id },
      );
      return location;
    });
  }
}
