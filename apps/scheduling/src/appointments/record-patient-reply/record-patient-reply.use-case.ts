import { Injectable } from '@nestjs/common';
import { AppointmentRescheduleRequestedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { Appointment } from '../appointment.entity.js';
import { appointmentRef } from '../appointment-changes.js';
import { BookHoldUseCase } from '../book-hold/book-hold.use-case.js';
import { CancelAppointmentUseCase } from '../cancel-appointment/cancel-appointment.use-case.js';
import { ConfirmAppointmentUseCase } from '../confirm-appointment/confirm-appointment.use-case.js';

export interface RecordPatientReplyCommand {
  locationId: string;
  appointmentId: string;
  /** STOP is notifications' business (the patient's consent); scheduling ignores it. */
  intent: 'confirm' | 'reschedule' | 'stop' | 'cancel' | 'accept-offer';
  receivedAt: Date;
}

/**
 * A patient's SMS reply to a reminder: C or YES confirms a booked appointment; R asks to move it
 * (flagged once, for staff to call); a confirmed CANCEL cancels it (reason patient_request, late
 * when under 24 hours before the start, as any cancellation); YES to a waitlist offer books the
 * hold while it stands. A reply to an appointment that has since moved on (cancelled, fulfilled,
 * a lapsed hold) changes nothing.
 */
@Injectable()
export class RecordPatientReplyUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly confirm: ConfirmAppointmentUseCase,
    private readonly cancel: CancelAppointmentUseCase,
    private readonly bookHold: BookHoldUseCase,
  ) {}

  execute(command: RecordPatientReplyCommand): Promise<Appointment | null> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the inbox transaction of notifications' reply event. */
  async inTransaction(tx: Transaction, command: RecordPatientReplyCommand): Promise<Appointment | null> {
    if (command.intent === 'stop') return null;
    const [location] = (await tx.manager.query('SELECT organisation_id, time_zone FROM location WHERE id = $1', [
      command.locationId,
    ])) as Array<{ organisation_id: string; time_zone: string }>;
    if (!location) return null;
    const appointment = await tx.manager.findOne(Appointment, {
      where: { id: command.appointmentId, locationId: command.locationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!appointment) return null;
    const target = {
      organisationId: location.organisation_id,
      locationId: command.locationId,
      appointmentId: command.appointmentId,
    };
    if (command.intent === 'cancel') {
      if (appointment.status !== 'booked') return null;
      return this.cancel.inTransaction(tx, { ...target, reason: 'patient_request', now: command.receivedAt });
    }
    if (command.intent === 'accept-offer') {
      if (appointment.status !== 'proposed') return null;
      if (appointment.holdExpiresAt && appointment.holdExpiresAt.getTime() <= command.receivedAt.getTime()) return null;
      return this.bookHold.inTransaction(tx, { ...target, now: command.receivedAt });
    }
    if (command.intent === 'confirm') {
      if (appointment.status !== 'booked') return null;
      return this.confirm.inTransaction(tx, {
        organisationId: location.organisation_id,
        locationId: command.locationId,
        appointmentId: command.appointmentId,
        via: 'patient_reply',
        now: command.receivedAt,
      });
    }
    if (appointment.rescheduleRequestedAt) return null;
    appointment.rescheduleRequestedAt = command.receivedAt;
    appointment.version += 1;
    await tx.manager.save(appointment);
    await tx.publish(
      AppointmentRescheduleRequestedV1,
      { ...appointmentRef(appointment, location.time_zone), requestedAt: command.receivedAt.toISOString() },
      { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
    );
    return appointment;
  }
}
