import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ChairAddedV1 } from '@chairside/contracts';
import type { ChairKind } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { Chair } from '../chair.entity.js';
import type { ChairView } from '../dto/location.dto.js';
import { Location } from '../location.entity.js';

export interface AddChairCommand {
  organisationId: string;
  locationId: string;
  label: string;
  kind: ChairKind;
  /** With an Idempotency-Key, a retry returns the first response and adds no second chair. */
  idempotency?: IdempotencyRequest;
}

/** What POST /locations/{id}/chairs answers (and GET lists), and what a retry with the same Idempotency-Key replays. */
export const chairView = (c: Chair): ChairView => ({
  id: c.id,
  locationId: c.locationId,
  label: c.label,
  kind: c.kind,
  retiredAt: c.retiredAt?.toISOString() ?? null,
  version: c.version,
});

@Injectable()
export class AddChairUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: AddChairCommand): Promise<IdempotentOutcome<Chair>> {
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(tx, command.idempotency, () => this.add(tx, command), chairView),
    );
  }

  private async add(tx: Transaction, command: AddChairCommand): Promise<Chair> {
    const location = await tx.manager.findOne(Location, {
      where: { id: command.locationId, organisationId: command.organisationId },
    });
    if (!location) throw ProblemException.notFound('Location', command.locationId);
    const taken = await tx.manager.exists(Chair, { where: { locationId: command.locationId, label: command.label } });
    if (taken)
      throw ProblemException.conflict(
        'chair-label-taken',
        `Location ${command.locationId} already has a chair labelled "${command.label}".`,
      );
    const chair = tx.manager.create(Chair, {
      id: randomUUID(),
      locationId: command.locationId,
      label: command.label,
      kind: command.kind,
      version: 1,
    });
    await tx.manager.insert(Chair, chair);
    await tx.publish(
      ChairAddedV1,
      { chairId: chair.id, locationId: chair.locationId, label: chair.label, kind: chair.kind },
      { aggregateId: chair.id, aggregateSequence: 1, locationId: chair.locationId },
    );
    return chair;
  }
}
