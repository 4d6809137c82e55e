import { ProblemException } from '@chairside/platform';
import { Injectable } from '@nestjs/common';
import { AppointmentRescheduledV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import type { Appointment } from '../appointment.entity.js';
import { CenterStateRepository } from '../center-state.repository.js';
import { placeTreatment, slotFields, writeAppointment } from '../place-treatment.js';
import { OrganisationTherapy } from '../../catalog/organisation-therapy.entity.js';
import { placementTherapy } from '../../catalog/organisation-therapies.js';
import { wallClock } from '../local-time.js';
import { appointmentRef, type AppointmentTarget, lockForChange } from '../appointment-changes.js';

export interface RescheduleAppointmentCommand extends AppointmentTarget {
  startsAt: Date;
  durationMinutes?: number;
  chairId?: string;
  nurseId?: string;
  now: Date;
  /** A re-plan: the drug is ordered for the current start, so a later start meets the lead time. */
  keepsDrugOrder?: boolean;
  /**
   * The patient is already here (checked in or seated): only the chair or nurse may change, never
   * the time, and the confirmation stands.
   */
  seated?: boolean;
}

/**
 * Moves an appointment in place (same id, next version) after checking the new time with the
 * same rules and locks as a booking; its own current time does not block the new one. Either
 * the move happens whole or nothing changes.
 */
@Injectable()
export class RescheduleAppointmentUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly centers: CenterStateRepository,
  ) {}

  execute(command: RescheduleAppointmentCommand): Promise<Appointment> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the transaction of a re-plan being applied, so the move and the proposal's fate commit together. */
  async inTransaction(tx: Transaction, command: RescheduleAppointmentCommand): Promise<Appointment> {
    const { appointment, timeZone } = command.seated
      ? await lockForChange(tx.manager, command, ['arrived', 'checked-in'], 'moved to another chair or nurse')
      : await lockForChange(tx.manager, command, ['proposed', 'booked'], 'rescheduled');
    if (command.seated && command.startsAt.getTime() !== appointment.startsAt.getTime())
      throw ProblemException.conflict('replan-stale', 'A patient who is here moves chair or nurse, not time.', {
        startsAt: appointment.startsAt.toISOString(),
      });
    // A therapy the organisation defined is placed with its own values, as when it was booked.
    const own = appointment.therapyId ? await tx.manager.findOneBy(OrganisationTherapy, { id: appointment.therapyId }) : null;
    const { center, slot, request } = await placeTreatment(tx, this.centers, {
      organisationId: command.organisationId,
      locationId: appointment.locationId,
      patientId: appointment.patientId,
      therapyCode: appointment.therapyCode,
      ...(own ? { therapy: placementTherapy(own) } : {}),
      durationMinutes: command.durationMinutes ?? appointment.durationMinutes,
      start: command.startsAt.getTime(),
      now: command.now.getTime(),
      excludeAppointmentId: appointment.id,
      ...(command.chairId ? { chairId: command.chairId } : {}),
      ...(command.nurseId ? { nurseId: command.nurseId } : {}),
      ...(command.keepsDrugOrder && command.startsAt >= appointment.startsAt ? { leadTimeMet: true } : {}),
    });
    const previous = {
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
      chairId: appointment.chairId,
      nurseId: appointment.nurseId,
    };
    Object.assign(appointment, {
      ...slotFields(slot, request),
      atRiskSince: null,
      atRiskFrom: null,
      confirmedAt: command.seated ? appointment.confirmedAt : null,
      version: appointment.version + 1,
    });
    await writeAppointment(tx.manager, appointment);
    await tx.publish(
      AppointmentRescheduledV1,
      {
        ...appointmentRef(appointment, timeZone),
        chairKind: center.chairs.find((c) => c.id === slot.chairId)!.kind,
        chairReleasedAt: appointment.chairReleasedAt.toISOString(),
        localEnd: wallClock(appointment.endsAt, timeZone),
        previousStartsAt: previous.startsAt.toISOString(),
        previousEndsAt: previous.endsAt.toISOString(),
        previousChairId: previous.chairId,
        previousNurseId: previous.nurseId,
        durationMinutes: request.durationMinutes,
        rescheduledAt: command.now.toISOString(),
      },
      { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
    );
    return appointment;
  }
}
