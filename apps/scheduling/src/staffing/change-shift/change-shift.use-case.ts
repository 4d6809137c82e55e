import { Injectable } from '@nestjs/common';
import { NurseShiftChangedV1 } from '@chairside/contracts';
import { EXCLUSION_VIOLATION, sqlState } from '@chairside/database';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import type { Appointment } from '../../appointments/appointment.entity.js';
import { NurseShift } from '../nurse.entity.js';
import { type AffectedAppointment, flagNurseAppointments } from '../affected-appointments.js';
import { lockShift } from '../shift-lock.js';
import { validShift } from '../add-shift/add-shift.use-case.js';

export interface ChangeShiftCommand {
  organisationId: string;
  locationId: string;
  nurseId: string;
  shiftId: string;
  startsAt: Date;
  endsAt: Date;
  breaks?: Array<{ start: Date; end: Date }>;
  now: Date;
}

export interface ChangedShift {
  shiftId: string;
  nurseId: string;
  startsAt: string;
  endsAt: string;
  breaks: Array<{ start: string; end: string }>;
  /** Her appointments the new times no longer cover (stay outside the shift, or a set-up in a break): flagged for re-planning. */
  affectedAppointments: AffectedAppointment[];
}

/**
 * A shift's new times and breaks (full new state), e.g. a nurse who leaves at noon. Appointments
 * of hers that no longer fit are flagged for re-planning and listed; those that still fit stay
 * as they are.
 */
@Injectable()
export class ChangeShiftUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(c: ChangeShiftCommand): Promise<ChangedShift> {
    const breaks = validShift(c);
    return this.unitOfWork.run(async (tx) => {
      const { nurse, shift } = await lockShift(tx, c);
      if (shift.endsAt <= c.now)
        throw ProblemException.conflict('shift-over', 'The shift is over: it is kept as worked.', {
          endsAt: shift.endsAt.toISOString(),
        });
      const from = new Date(Math.min(shift.startsAt.getTime(), c.startsAt.getTime()));
      const to = new Date(Math.max(shift.endsAt.getTime(), c.endsAt.getTime()));
      try {
        await tx.manager.update(NurseShift, { id: shift.id }, { startsAt: c.startsAt, endsAt: c.endsAt, breaks });
      } catch (error) {
        if (sqlState(error) === EXCLUSION_VIOLATION)
          throw ProblemException.conflict('shift-overlap', 'The nurse already has a shift overlapping that time.');
        throw error;
      }
      const covered = (a: Appointment) =>
        a.startsAt >= c.startsAt &&
        a.endsAt <= c.endsAt &&
        !breaks.some((b) => a.startsAt.getTime() < Date.parse(b.end) && a.setupEndsAt.getTime() > Date.parse(b.start));
      const affectedAppointments = await flagNurseAppointments(tx, {
        nurseId: c.nurseId,
        from,
        to,
        now: c.now,
        cause: 'nurse_shift_changed',
        causeId: shift.id,
        // Only what this shift held: appointments under another shift of hers are not its business.
        stillFits: (a) => covered(a) || a.endsAt <= shift.startsAt || a.startsAt >= shift.endsAt,
      });
      const changed: ChangedShift = {
        shiftId: shift.id,
        nurseId: c.nurseId,
        startsAt: c.startsAt.toISOString(),
        endsAt: c.endsAt.toISOString(),
        breaks,
        affectedAppointments,
      };
      await tx.manager.query('UPDATE nurse SET shift_events = shift_events + 1 WHERE id = $1', [c.nurseId]);
      await tx.publish(
        NurseShiftChangedV1,
        {
          shiftId: shift.id,
          nurseId: c.nurseId,
          locationId: c.locationId,
          startsAt: changed.startsAt,
          endsAt: changed.endsAt,
          breaks,
          affectedAppointmentIds: affectedAppointments.map((a) => a.appointmentId),
        },
        { aggregateId: c.nurseId, aggregateSequence: nurse.shiftEvents + 2, locationId: c.locationId },
      );
      return changed;
    });
  }
}
