import { Injectable } from '@nestjs/common';
import { AppointmentArrivedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { Appointment } from '../appointment.entity.js';
import { appointmentRef } from '../appointment-changes.js';

export interface MarkArrivedCommand {
  appointmentId: string;
  arrivedAt: Date;
}

/**
 * FHIR Appointment arrived: the patient checked in (the session owns what happens next). Only a
 * booked appointment arrives; any other status (already arrived, cancelled, no-show) is left as
 * it is, so a redelivered or late check-in changes nothing and publishes nothing.
 */
@Injectable()
export class MarkArrivedUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: MarkArrivedCommand): Promise<Appointment | null> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the inbox transaction of sessions' check-in event. */
  async inTransaction(tx: Transaction, command: MarkArrivedCommand): Promise<Appointment | null> {
    const appointment = await tx.manager.findOne(Appointment, {
      where: { id: command.appointmentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (appointment?.status !== 'booked') return null;
    const [{ time_zone: timeZone }] = (await tx.manager.query('SELECT time_zone FROM location WHERE id = $1', [
      appointment.locationId,
    ])) as [{ time_zone: string }];
    appointment.status = 'arrived';
    appointment.version += 1;
    await tx.manager.save(appointment);
    await tx.publish(
      AppointmentArrivedV1,
      { ...appointmentRef(appointment, timeZone), arrivedAt: command.arrivedAt.toISOString() },
      { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
    );
    return appointment;
  }
}
