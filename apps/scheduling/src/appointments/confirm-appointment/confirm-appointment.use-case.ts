import { Injectable } from '@nestjs/common';
import { AppointmentConfirmedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import type { Appointment } from '../appointment.entity.js';
import { appointmentRef, type AppointmentTarget, lockForChange } from '../appointment-changes.js';

export interface ConfirmAppointmentCommand extends AppointmentTarget {
  via: 'staff' | 'patient_reply';
  now: Date;
}

/** Confirming twice is harmless: the second time changes nothing and emits nothing. */
@Injectable()
export class ConfirmAppointmentUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ConfirmAppointmentCommand): Promise<Appointment> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** Also from a patient's reply, inside the inbox transaction that received it. */
  async inTransaction(tx: Transaction, command: ConfirmAppointmentCommand): Promise<Appointment> {
    {
      const { appointment, timeZone } = await lockForChange(tx.manager, command, ['booked'], 'confirmed');
      if (appointment.confirmedAt) return appointment;
      appointment.confirmedAt = command.now;
      appointment.version += 1;
      await tx.manager.save(appointment);
      await tx.publish(
        AppointmentConfirmedV1,
        { ...appointmentRef(appointment, timeZone), confirmedAt: command.now.toISOString(), via: command.via },
        { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
      );
      return appointment;
    }
  }
}
