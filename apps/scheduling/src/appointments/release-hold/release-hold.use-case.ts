import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@chairside/messaging';
import type { Appointment } from '../appointment.entity.js';
import { type AppointmentTarget, endHold, lockForChange } from '../appointment-changes.js';

export interface ReleaseHoldCommand extends AppointmentTarget {
  now: Date;
}

/** Ends a hold without booking it, at staff's request; its time is free again. */
@Injectable()
export class ReleaseHoldUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ReleaseHoldCommand): Promise<Appointment> {
    return this.unitOfWork.run(async (tx) => {
      const { appointment, timeZone } = await lockForChange(tx.manager, command, ['proposed'], 'released');
      await endHold(tx, appointment, timeZone, command.now);
      return appointment;
    });
  }
}
