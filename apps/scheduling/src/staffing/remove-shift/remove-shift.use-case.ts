import { Injectable } from '@nestjs/common';
import { NurseShiftRemovedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { NurseShift } from '../nurse.entity.js';
import { type AffectedAppointment, flagNurseAppointments } from '../affected-appointments.js';
import { lockShift } from '../shift-lock.js';

export interface RemoveShiftCommand {
  organisationId: string;
  locationId: string;
  nurseId: string;
  shiftId: string;
  reason: string;
  now: Date;
}

export interface RemovedShift {
  shiftId: string;
  nurseId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  /** Her appointments in the shift: still booked, flagged for re-planning (appointment.needs-replan). */
  affectedAppointments: AffectedAppointment[];
}

/**
 * A sick call: the nurse's shift is removed, so nothing new is booked with her then, and every
 * appointment she had in it is flagged for re-planning and listed, never silently left or moved.
 * A shift that is over is history and stays.
 */
@Injectable()
export class RemoveShiftUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(c: RemoveShiftCommand): Promise<RemovedShift> {
    return this.unitOfWork.run(async (tx) => {
      const { nurse, shift } = await lockShift(tx, c);
      if (shift.endsAt <= c.now)
        throw ProblemException.conflict('shift-over', 'The shift is over: it is kept as worked.', {
          endsAt: shift.endsAt.toISOString(),
        });
      await tx.manager.delete(NurseShift, { id: shift.id });
      const affectedAppointments = await flagNurseAppointments(tx, {
        nurseId: c.nurseId,
        from: shift.startsAt,
        to: shift.endsAt,
        now: c.now,
        cause: 'nurse_shift_removed',
        causeId: shift.id,
      });
      const removed: RemovedShift = {
        shiftId: shift.id,
        nurseId: c.nurseId,
        startsAt: shift.startsAt.toISOString(),
        endsAt: shift.endsAt.toISOString(),
        reason: c.reason,
        affectedAppointments,
      };
      await tx.manager.query('UPDATE nurse SET shift_events = shift_events + 1 WHERE id = $1', [c.nurseId]);
      await tx.publish(
        NurseShiftRemovedV1,
        {
          shiftId: removed.shiftId,
          nurseId: c.nurseId,
          locationId: c.locationId,
          startsAt: removed.startsAt,
          endsAt: removed.endsAt,
          reason: c.reason,
          affectedAppointmentIds: affectedAppointments.map((a) => a.appointmentId),
        },
        { aggregateId: c.nurseId, aggregateSequence: nurse.shiftEvents + 2, locationId: c.locationId },
      );
      return removed;
    });
  }
}
