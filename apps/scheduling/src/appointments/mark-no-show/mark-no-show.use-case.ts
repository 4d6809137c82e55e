import { Injectable } from '@nestjs/common';
import { AppointmentNoShowV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import type { Appointment } from '../appointment.entity.js';
import { appointmentRef, type AppointmentTarget, lockForChange } from '../appointment-changes.js';

export interface MarkNoShowCommand extends AppointmentTarget {
  now: Date;
}

/** How late a patient may be before the chair can be given up. */
export const NO_SHOW_GRACE_MINUTES = 30;

@Injectable()
export class MarkNoShowUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: MarkNoShowCommand): Promise<Appointment> {
    return this.unitOfWork.run(async (tx) => {
      const { appointment, timeZone } = await lockForChange(tx.manager, command, ['booked'], 'marked as a no-show');
      const earliest = appointment.startsAt.getTime() + NO_SHOW_GRACE_MINUTES * 60_000;
      if (command.now.getTime() < earliest) {
        throw ProblemException.conflict(
          'too-early-for-no-show',
          `A no-show can be marked from ${new Date(earliest).toISOString()} (${NO_SHOW_GRACE_MINUTES} minutes after the start).`,
          { earliest: new Date(earliest).toISOString() },
        );
      }
      appointment.status = 'noshow';
      appointment.version += 1;
      await tx.manager.save(appointment);
      await tx.publish(
        AppointmentNoShowV1,
        { ...appointmentRef(appointment, timeZone), markedAt: command.now.toISOString() },
        { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
      );
      return appointment;
    });
  }
}
