import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppointmentBookedV1 } from '@chairside/contracts';
import type { TherapyCode } from '@chairside/domain';
import { idempotent, type IdempotencyRequest, type IdempotentOutcome, type Transaction, UnitOfWork } from '@chairside/messaging';
import { appointmentView } from '../appointment-view.js';
import { ProblemException } from '@chairside/platform';
import { Appointment } from '../appointment.entity.js';
import { CenterStateRepository } from '../center-state.repository.js';
import { treatmentRequest } from '../treatment-request.js';
import { placeTreatment, slotFields, writeAppointment } from '../place-treatment.js';
import { wallClock } from '../local-time.js';

export interface BookAppointmentCommand {
  organisationId: string;
  locationId: string;
  patientId: string;
  therapyCode: TherapyCode;
  startsAt: Date;
  durationMinutes?: number;
  chairId?: string;
  nurseId?: string;
  now: Date;
  /** With an Idempotency-Key, a retry returns the first response and books nothing twice. */
  idempotency?: IdempotencyRequest;
}

@Injectable()
export class BookAppointmentUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly centers: CenterStateRepository,
  ) {}

  execute(command: BookAppointmentCommand): Promise<IdempotentOutcome<Appointment>> {
    return this.unitOfWork.run((tx) =>
      command.idempotency
        ? idempotent(tx, command.idempotency, 201, () => this.book(tx, command), appointmentView)
        : this.book(tx, command).then((appointment) => ({ replayed: false as const, status: 201, body: appointment })),
    );
  }

  private async book(tx: Transaction, command: BookAppointmentCommand): Promise<Appointment> {
    const request = treatmentRequest(command.patientId, command.therapyCode, command.durationMinutes);
    const patient = (await tx.manager.query(`SELECT 1 FROM patient WHERE id = $1 AND organisation_id = $2`, [command.patientId, command.organisationId])) as unknown[];
    if (!patient.length) throw ProblemException.notFound('Patient', command.patientId);
    const { center, slot } = await placeTreatment(tx.manager, this.centers, {
      locationId: command.locationId,
      request,
      start: command.startsAt.getTime(),
      now: command.now.getTime(),
      ...(command.chairId ? { chairId: command.chairId } : {}),
      ...(command.nurseId ? { nurseId: command.nurseId } : {}),
    });
    const appointment = tx.manager.create(Appointment, {
      id: randomUUID(),
      locationId: command.locationId,
      patientId: command.patientId,
      therapyCode: command.therapyCode,
      ...slotFields(slot),
      status: 'booked',
      version: 1,
    });
    await writeAppointment(tx.manager, appointment, 'insert');
    const zone = center.calendar.timeZone;
    await tx.publish(
      AppointmentBookedV1,
      {
        appointmentId: appointment.id,
        locationId: appointment.locationId,
        patientId: appointment.patientId,
        therapyCode: appointment.therapyCode,
        chairId: appointment.chairId,
        chairKind: center.chairs.find((c) => c.id === slot.chairId)!.kind,
        nurseId: appointment.nurseId,
        startsAt: appointment.startsAt.toISOString(),
        endsAt: appointment.endsAt.toISOString(),
        chairReleasedAt: appointment.chairReleasedAt.toISOString(),
        timeZone: zone,
        localStart: wallClock(slot.start, zone),
        localEnd: wallClock(slot.end, zone),
        durationMinutes: request.durationMinutes,
        observationMinutes: request.observationMinutes,
        bookedAt: command.now.toISOString(),
      },
      { aggregateId: appointment.id, aggregateSequence: 1, locationId: appointment.locationId },
    );
    return appointment;
  }
}

