import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LocationRegisteredV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome } from '@chairside/platform';
import type { LocationView } from '../dto/location.dto.js';
import { Location } from '../location.entity.js';

export interface RegisterLocationCommand {
  organisationId: string;
  name: string;
  timeZone: string;
  centerAddress?: string;
  /** With an Idempotency-Key, a retry returns the first response and registers no second center. */
  idempotency?: IdempotencyRequest;
}

/** What POST /locations answers, and what a retry with the same Idempotency-Key replays. */
export const locationView = (l: Location): LocationView => ({
  id: l.id,
  organisationId: l.organisationId,
  name: l.name,
  timeZone: l.timeZone,
  centerAddress: l.centerAddress,
  version: l.version,
});

@Injectable()
export class RegisterLocationUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: RegisterLocationCommand): Promise<IdempotentOutcome<Location>> {
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(tx, command.idempotency, () => this.register(tx, command), locationView),
    );
  }

  private async register(tx: Transaction, command: RegisterLocationCommand): Promise<Location> {
    const location = tx.manager.create(Location, {
      id: randomUUID(),
      organisationId: command.organisationId,
      name: command.name,
      timeZone: command.timeZone,
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
  }
}
