import { Injectable } from '@nestjs/common';
import type { ChairKind } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import type { Appointment } from '../appointment.entity.js';
import { publishBooked } from '../book-appointment/book-appointment.use-case.js';
import { OrganisationTherapy } from '../../catalog/organisation-therapy.entity.js';
import { type AppointmentTarget, lockForChange } from '../appointment-changes.js';

export interface BookHoldCommand extends AppointmentTarget {
  now: Date;
}

/**
 * A held slot (proposed) becomes a booking. The hold already kept its chair, nurse and patient
 * time under the same constraints as a booking, so nothing is re-checked except that it is
 * still held: a lapsed hold answers 409 and the patient searches again.
 */
@Injectable()
export class BookHoldUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: BookHoldCommand): Promise<Appointment> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** Also in the inbox transaction of a patient's YES to a waitlist offer. */
  async inTransaction(tx: Transaction, command: BookHoldCommand): Promise<Appointment> {
    const { appointment, timeZone } = await lockForChange(tx.manager, command, ['proposed'], 'booked');
    if (appointment.holdExpiresAt && appointment.holdExpiresAt.getTime() <= command.now.getTime()) {
      throw ProblemException.conflict(
        'hold-expired',
        `The hold lapsed at ${appointment.holdExpiresAt.toISOString()}; search for a slot again.`,
        { holdExpiresAt: appointment.holdExpiresAt.toISOString() },
      );
    }
    appointment.status = 'booked';
    appointment.holdExpiresAt = null;
    appointment.version += 1;
    await tx.manager.save(appointment);
    await tx.manager.query(
      `UPDATE waitlist_request SET status = 'booked', version = version + 1 WHERE offered_appointment_id = $1 AND status = 'offered'`,
      [appointment.id],
    );
    const [{ kind }] = (await tx.manager.query('SELECT kind FROM chair WHERE id = $1', [appointment.chairId])) as [
      { kind: ChairKind },
    ];
    const own = appointment.therapyId ? await tx.manager.findOneBy(OrganisationTherapy, { id: appointment.therapyId }) : null;
    await publishBooked(tx, appointment, kind, timeZone, command.now, own);
    return appointment;
  }
}
