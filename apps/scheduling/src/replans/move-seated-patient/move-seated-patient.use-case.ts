import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { RescheduleAppointmentUseCase } from '../../appointments/reschedule-appointment/reschedule-appointment.use-case.js';
import type { AppliedReplan } from '../apply-replans/apply-replans.use-case.js';

export interface MoveSeatedPatientCommand {
  organisationId: string;
  locationId: string;
  appointmentId: string;
  /** The appointment's version the charge nurse saw; 409 if it moved meanwhile. */
  expectedVersion?: number;
  chairId?: string;
  nurseId?: string;
  now: Date;
}

/** The appointment as moved: a re-plan's outcome without a proposal. */
export type MovedPatient = Omit<AppliedReplan, 'proposalId'>;

/**
 * Moves a patient who is already here (checked in or in the chair) to another chair or nurse: the
 * same operation as applying a re-plan (the reschedule under a booking's locks, the drug order
 * kept, appointment.rescheduled to sessions and reporting), at the appointment's own time. A chair
 * or nurse that is taken for the stay is 409 slot-unavailable and nothing moves.
 */
@Injectable()
export class MoveSeatedPatientUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reschedule: RescheduleAppointmentUseCase,
  ) {}

  async execute(c: MoveSeatedPatientCommand): Promise<MovedPatient> {
    if (!c.chairId && !c.nurseId)
      throw ProblemException.validation([{ field: 'chairId', reason: 'name the chair or the nurse to move the patient to' }]);
    return this.unitOfWork.run(async (tx) => {
      const [current] = (await tx.manager.query(
        'SELECT starts_at, chair_id, nurse_id FROM appointment WHERE id = $1 AND location_id = $2',
        [c.appointmentId, c.locationId],
      )) as Array<{ starts_at: Date; chair_id: string; nurse_id: string }>;
      if (!current) throw ProblemException.notFound('Appointment', c.appointmentId);
      const moved = await this.reschedule.inTransaction(tx, {
        organisationId: c.organisationId,
        locationId: c.locationId,
        appointmentId: c.appointmentId,
        ...(c.expectedVersion !== undefined ? { expectedVersion: c.expectedVersion } : {}),
        startsAt: new Date(current.starts_at),
        // What is not named stays: a patient in a chair keeps it when only her nurse changes.
        chairId: c.chairId ?? current.chair_id,
        nurseId: c.nurseId ?? current.nurse_id,
        now: c.now,
        keepsDrugOrder: true,
        seated: true,
      });
      return {
        appointmentId: moved.id,
        appointmentVersion: moved.version,
        startsAt: moved.startsAt.toISOString(),
        chairId: moved.chairId,
        nurseId: moved.nurseId,
      };
    });
  }
}
