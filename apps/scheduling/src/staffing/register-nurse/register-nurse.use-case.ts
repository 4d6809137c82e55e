import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { NurseRegisteredV1 } from '@chairside/contracts';
import type { Certification } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { Location } from '../../locations/location.entity.js';
import { Nurse } from '../nurse.entity.js';

export interface RegisterNurseCommand {
  organisationId: string;
  locationId: string;
  displayName: string;
  certifications: Certification[];
  /** Patients monitored at once; 4 unless told. */
  capacity?: number;
  /** Minutes of exclusive set-up per patient start; 15 unless told. */
  startWindowMinutes?: number;
  /** With an Idempotency-Key, a retry returns the first response and registers no second nurse. */
  idempotency?: IdempotencyRequest;
}

export interface RegisteredNurse {
  id: string;
  nurseId: string;
  locationId: string;
  displayName: string;
  certifications: Certification[];
  capacity: number;
  startWindowMinutes: number;
}

/** A nurse joins a location; the day board learns of her from the event. */
@Injectable()
export class RegisterNurseUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: RegisterNurseCommand): Promise<IdempotentOutcome<RegisteredNurse>> {
    // The answer is already the view: what a retry with the same key replays.
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(
        tx,
        command.idempotency,
        () => this.register(tx, command),
        (nurse) => nurse,
      ),
    );
  }

  private async register(tx: Transaction, command: RegisterNurseCommand): Promise<RegisteredNurse> {
    const { locationId } = command;
    const located = await tx.manager.existsBy(Location, { id: locationId, organisationId: command.organisationId });
    if (!located) throw ProblemException.notFound('Location', locationId);
    const nurse = tx.manager.create(Nurse, {
      id: randomUUID(),
      locationId,
      displayName: command.displayName,
      certifications: [...new Set(command.certifications)],
      capacity: command.capacity ?? 4,
      startWindowMinutes: command.startWindowMinutes ?? 15,
    });
    await tx.manager.insert(Nurse, nurse);
    const data = {
      nurseId: nurse.id,
      locationId,
      displayName: nurse.displayName,
      certifications: nurse.certifications,
      capacity: nurse.capacity,
      startWindowMinutes: nurse.startWindowMinutes,
    };
    await tx.publish(NurseRegisteredV1, data, { aggregateId: nurse.id, aggregateSequence: 1, locationId });
    return { id: nurse.id, ...data };
  }
}
