import { Injectable } from '@nestjs/common';
import { AppointmentFulfilledV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { Appointment } from '../appointment.entity.js';
import { appointmentRef } from '../appointment-changes.js';

export interface MarkFulfilledCommand {
  appointmentId: string;
  actualEndsAt: Date;
  /**
   * The session ended before its planned end: the appointment ends (and its chair frees) at the
   * actual end, keeping its turnover. Otherwise the patient was discharged at `actualEndsAt`.
   */
  endedEarly: boolean;
}

const TREATED = ['booked', 'arrived', 'checked-in'];

/**
 * FHIR Appointment fulfilled, with what really happened, so reporting and the next booking see
 * it. An early end shortens an appointment still running past it; a discharge records the actual
 * end (also on one already fulfilled by an early end). What would change nothing (a redelivery,
 * an appointment cancelled meanwhile) publishes nothing.
 */
@Injectable()
export class MarkFulfilledUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: MarkFulfilledCommand): Promise<Appointment | null> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the inbox transaction of sessions' ended-early or discharged event. */
  async inTransaction(tx: Transaction, command: MarkFulfilledCommand): Promise<Appointment | null> {
    const appointment = await tx.manager.findOne(Appointment, {
      where: { id: command.appointmentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!appointment) return null;
    const actualEnd = command.actualEndsAt.getTime();
    if (command.endedEarly) {
      if (!TREATED.includes(appointment.status) || appointment.endsAt.getTime() <= actualEnd) return null;
      const turnover = appointment.chairReleasedAt.getTime() - appointment.endsAt.getTime();
      appointment.endsAt = new Date(actualEnd);
      appointment.chairReleasedAt = new Date(actualEnd + turnover);
    } else {
      if (![...TREATED, 'fulfilled'].includes(appointment.status)) return null;
      if (appointment.status === 'fulfilled' && appointment.actualEndsAt?.getTime() === actualEnd) return null;
      appointment.actualEndsAt = new Date(actualEnd);
    }
    appointment.status = 'fulfilled';
    appointment.version += 1;
    await tx.manager.save(appointment);
    const [{ time_zone: timeZone }] = (await tx.manager.query('SELECT time_zone FROM location WHERE id = $1', [
      appointment.locationId,
    ])) as [{ time_zone: string }];
    await tx.publish(
      AppointmentFulfilledV1,
      {
        ...appointmentRef(appointment, timeZone),
        actualEndsAt: command.actualEndsAt.toISOString(),
        endedEarly: command.endedEarly,
      },
      { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
    );
    return appointment;
  }
}
