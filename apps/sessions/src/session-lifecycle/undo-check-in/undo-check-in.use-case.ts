import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@chairside/messaging';
import { EnterStepInErrorUseCase } from '../enter-step-in-error/enter-step-in-error.use-case.js';
import type { LoadedSession } from '../../sessions/session-store.js';

export interface UndoCheckInCommand {
  organisationId: string;
  locationId: string;
  appointmentId: string;
  reason: string;
  actorId: string;
  now: Date;
  expectedVersion?: number;
}

/**
 * The wrong patient was checked in (or the right one too early): the check-in is entered in
 * error and the session is expected again. Scheduling puts the appointment back to booked when it
 * reads the correction. Refused (409) once the patient was seated: that step comes first.
 */
@Injectable()
export class UndoCheckInUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly enterStepInError: EnterStepInErrorUseCase,
  ) {}

  execute(c: UndoCheckInCommand): Promise<LoadedSession> {
    return this.unitOfWork.run((tx) =>
      this.enterStepInError.inTransaction(tx, {
        organisationId: c.organisationId,
        locationId: c.locationId,
        appointmentId: c.appointmentId,
        step: { latestOfKind: 'check-in' },
        reason: c.reason,
        actorId: c.actorId,
        now: c.now,
        ...(c.expectedVersion !== undefined ? { expectedVersion: c.expectedVersion } : {}),
      }),
    );
  }
}
