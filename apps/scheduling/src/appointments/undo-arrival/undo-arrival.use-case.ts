import { Injectable } from '@nestjs/common';
import { AppointmentArrivalUndoneV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { Appointment } from '../appointment.entity.js';
import { appointmentRef } from '../appointment-changes.js';

export interface UndoArrivalCommand {
  appointmentId: string;
  undoneAt: Date;
  reason: string;
}

/**
 * The check-in was entered in error at the chair: an arrived appointment is booked again, its
 * time still held. Any other status (already booked, fulfilled, cancelled) is left as it is, so a
 * redelivered correction changes nothing and publishes nothing.
 */
@Injectable()
export class UndoArrivalUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: UndoArrivalCommand): Promise<Appointment | null> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the inbox transaction of sessions' step-entered-in-error event. */
  async inTransaction(tx: Transaction, command: UndoArrivalCommand): Promise<Appointment | null> {
    const appointment = await tx.manager.findOne(Appointment, {
      where: { id: command.appointmentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (appointment?.status !== 'arrived') return null;
    const [{ time_zone: timeZone }] = (await tx.manager.query('SELECT time_zone FROM location WHERE id = $1', [
      appointment.locationId,
    ])) as [{ time_zone: string }];
    appointment.status = 'booked';
    appointment.version += 1;
    await tx.manager.save(appointment);
    await tx.publish(
      AppointmentArrivalUndoneV1,
      { ...appointmentRef(appointment, timeZone), undoneAt: command.undoneAt.toISOString(), reason: command.reason },
      { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
    );
    return appointment;
  }
}
