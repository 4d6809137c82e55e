import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { HOUR, type TherapyCode } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { chosenTherapy } from '../../appointments/book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from '../../appointments/center-state.repository.js';
import { placementTherapy } from '../../catalog/organisation-therapies.js';
import { treatmentRequest } from '../../appointments/treatment-request.js';
import { WaitlistRequest } from '../waitlist-request.entity.js';
import { waitlistRequestView } from '../waitlist-request-view.js';

export interface JoinWaitlistCommand {
  organisationId: string;
  locationId: string;
  patientId: string;
  /** One of the nine; optional with therapyId (then the built-in it is counted as). */
  therapyCode?: TherapyCode;
  /** A therapy the organisation defined: an offer is placed with its values. */
  therapyId?: string;
  durationMinutes?: number;
  earliest: Date;
  latest: Date;
  /** Local wall-clock times of day the patient prefers; both or neither. */
  preferredFrom?: string;
  preferredTo?: string;
  /** ISO days of the week (1 = Monday … 7 = Sunday) in the location's zone; none: any day. */
  preferredWeekdays?: number[];
  /** With an Idempotency-Key, a retry returns the first response and adds no second request. */
  idempotency?: IdempotencyRequest;
}

/** A patient waits for a time the schedule does not have yet, inside a window of at most 90 days. */
@Injectable()
export class JoinWaitlistUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly centers: CenterStateRepository,
  ) {}

  async execute(command: JoinWaitlistCommand): Promise<IdempotentOutcome<WaitlistRequest>> {
    if (command.latest <= command.earliest)
      throw ProblemException.validation([{ field: 'latest', reason: 'must be after earliest' }]);
    if (command.latest.getTime() - command.earliest.getTime() > 90 * 24 * HOUR)
      throw ProblemException.validation([{ field: 'latest', reason: 'must be at most 90 days after earliest' }]);
    if ((command.preferredFrom === undefined) !== (command.preferredTo === undefined))
      throw ProblemException.validation([
        { field: command.preferredFrom ? 'preferredTo' : 'preferredFrom', reason: 'preferredFrom and preferredTo go together' },
      ]);
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(tx, command.idempotency, () => this.join(tx, command), waitlistRequestView),
    );
  }

  private async join(tx: Transaction, command: JoinWaitlistCommand): Promise<WaitlistRequest> {
    const { therapyCode, own } = await chosenTherapy(tx.manager, command);
    const context = await this.centers.context(tx.manager, {
      locationId: command.locationId,
      organisationId: command.organisationId,
      patientId: command.patientId,
      therapyCode,
    });
    if (!context) throw ProblemException.notFound('Location', command.locationId);
    if (!context.patientKnown) throw ProblemException.notFound('Patient', command.patientId);
    const request = tx.manager.create(WaitlistRequest, {
      id: randomUUID(),
      locationId: command.locationId,
      patientId: command.patientId,
      therapyCode,
      therapyId: own?.id ?? null,
      durationMinutes: treatmentRequest(command.patientId, own ? placementTherapy(own) : context.therapy, command.durationMinutes)
        .durationMinutes,
      earliest: command.earliest,
      latest: command.latest,
      preferredFrom: command.preferredFrom ?? null,
      preferredTo: command.preferredTo ?? null,
      preferredWeekdays: command.preferredWeekdays ? [...new Set(command.preferredWeekdays)].sort((a, b) => a - b) : null,
      status: 'waiting',
      offeredAppointmentId: null,
      version: 1,
    });
    await tx.manager.insert(WaitlistRequest, request);
    return request;
  }
}
