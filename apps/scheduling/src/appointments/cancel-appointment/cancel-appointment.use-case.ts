import { Injectable } from '@nestjs/common';
import { AppointmentCancelledV1, type CANCELLATION_REASONS } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import type { Appointment } from '../appointment.entity.js';
import { appointmentRef, type AppointmentTarget, lockForChange } from '../appointment-changes.js';

export interface CancelAppointmentCommand extends AppointmentTarget {
  reason: (typeof CANCELLATION_REASONS)[number];
  now: Date;
}

const LATE_CANCELLATION_MS = 24 * 3_600_000;

/** Frees the chair, the nurse and the patient's time (the exclusion constraints ignore cancelled rows). */
@Injectable()
export class CancelAppointmentUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: CancelAppointmentCommand): Promise<Appointment> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** Also in the inbox transaction of a patient's confirmed SMS cancellation, and for each remaining dose of a cancelled treatment plan. */
  async inTransaction(tx: Transaction, command: CancelAppointmentCommand): Promise<Appointment> {
    const { appointment, timeZone } = await lockForChange(tx.manager, command, ['booked'], 'cancelled');
    appointment.status = 'cancelled';
    appointment.cancelledAt = command.now;
    appointment.cancellationReason = command.reason;
    appointment.version += 1;
    await tx.manager.save(appointment);
    await tx.publish(
      AppointmentCancelledV1,
      {
        ...appointmentRef(appointment, timeZone),
        reason: command.reason,
        cancelledAt: command.now.toISOString(),
        lateCancellation: appointment.startsAt.getTime() - command.now.getTime() < LATE_CANCELLATION_MS,
      },
      { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
    );
    return appointment;
  }
}
