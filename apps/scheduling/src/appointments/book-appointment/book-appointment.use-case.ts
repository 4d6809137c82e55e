import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppointmentBookedV1, AppointmentHeldV1 } from '@chairside/contracts';
import type { ChairKind, TherapyCode } from '@chairside/domain';
import type { SqlStatement } from '@chairside/database';
import {
  idempotent,
  type IdempotencyRequest,
  type IdempotentOutcome,
  type Transaction,
  UnitOfWork,
  type WriteOptions,
} from '@chairside/messaging';
import { appointmentView } from '../appointment-view.js';
import { Appointment } from '../appointment.entity.js';
import { CenterStateRepository } from '../center-state.repository.js';
import { OverbookingAudit } from '../overbooking.entity.js';
import { appointmentInsert, placeTreatment, refusingOverlaps, slotFields } from '../place-treatment.js';
import { wallClock } from '../local-time.js';
import { appointmentRef } from '../change-appointment/appointment-changes.js';
import { MINUTE } from '@chairside/domain';

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
  /** Hold the slot (FHIR proposed) for this many minutes instead of booking it. */
  holdMinutes?: number;
  /** An admin's explicit, audited overbooking. */
  overbook?: { actorId: string; reason: string };
  /** A dose of a treatment plan. */
  dose?: { treatmentPlanId: string; doseNumber: number };
  /** A hold offered to a waitlist request: the caller publishes the offer instead of appointment.held. */
  waitlistRequestId?: string;
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
    // The last write (the stored response, else the booking itself) carries the COMMIT; an
    // overbooking writes its audit row after the booking.
    const last = { last: !command.overbook };
    return this.unitOfWork.run((tx) =>
      command.idempotency
        ? idempotent(tx, command.idempotency, 201, () => this.inTransaction(tx, command), appointmentView, last)
        : this.inTransaction(tx, command, last).then((appointment) => ({
            replayed: false as const,
            status: 201,
            body: appointment,
          })),
    );
  }

  /** Books (or holds) inside a caller's transaction: treatment plans book many doses in one. */
  async inTransaction(tx: Transaction, command: BookAppointmentCommand, options: WriteOptions = {}): Promise<Appointment> {
    const { center, slot, request, violations } = await placeTreatment(tx, this.centers, {
      organisationId: command.organisationId,
      locationId: command.locationId,
      patientId: command.patientId,
      therapyCode: command.therapyCode,
      start: command.startsAt.getTime(),
      now: command.now.getTime(),
      overbook: command.overbook !== undefined,
      ...(command.durationMinutes !== undefined ? { durationMinutes: command.durationMinutes } : {}),
      ...(command.chairId ? { chairId: command.chairId } : {}),
      ...(command.nurseId ? { nurseId: command.nurseId } : {}),
    });
    const held = command.holdMinutes !== undefined;
    const appointment = tx.manager.create(Appointment, {
      id: randomUUID(),
      locationId: command.locationId,
      patientId: command.patientId,
      therapyCode: command.therapyCode,
      ...slotFields(slot, request),
      status: held ? 'proposed' : 'booked',
      holdExpiresAt: held ? new Date(command.now.getTime() + command.holdMinutes! * MINUTE) : null,
      overbooked: violations.length > 0,
      treatmentPlanId: command.dose?.treatmentPlanId ?? null,
      doseNumber: command.dose?.doseNumber ?? null,
      version: 1,
    });
    // The row and its event go in one statement: booking is the hottest write in the service.
    const insert = appointmentInsert(tx.manager, appointment);
    const zone = center.calendar.timeZone;
    if (held && command.waitlistRequestId) {
      // A waitlist offer's first event is the offer itself, published by the caller.
      await refusingOverlaps(() => tx.manager.query(insert.sql, insert.parameters));
    } else if (held) {
      const data = {
        ...appointmentRef(appointment, zone),
        chairReleasedAt: appointment.chairReleasedAt.toISOString(),
        holdExpiresAt: appointment.holdExpiresAt!.toISOString(),
      };
      await refusingOverlaps(() =>
        tx.publishWith(
          insert,
          AppointmentHeldV1,
          data,
          { aggregateId: appointment.id, aggregateSequence: 1, locationId: appointment.locationId },
          options,
        ),
      );
    } else {
      await refusingOverlaps(() =>
        publishBooked(
          tx,
          appointment,
          center.chairs.find((c) => c.id === slot.chairId)!.kind,
          zone,
          command.now,
          insert,
          options,
        ),
      );
    }
    if (violations.length && command.overbook) {
      await tx.manager.insert(OverbookingAudit, {
        id: randomUUID(),
        appointmentId: appointment.id,
        locationId: appointment.locationId,
        actorId: command.overbook.actorId,
        reason: command.overbook.reason,
        violations,
      });
    }
    return appointment;
  }
}

/** appointment.booked, for a new booking (with its INSERT, in one statement) and for a hold that becomes one. */
export async function publishBooked(
  tx: Transaction,
  appointment: Appointment,
  chairKind: ChairKind,
  zone: string,
  now: Date,
  insert?: SqlStatement,
  options?: WriteOptions,
): Promise<void> {
  const meta = { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId };
  const data = {
    ...appointmentRef(appointment, zone),
    chairKind,
    chairReleasedAt: appointment.chairReleasedAt.toISOString(),
    localEnd: wallClock(appointment.endsAt, zone),
    durationMinutes: appointment.durationMinutes,
    observationMinutes: appointment.observationMinutes,
    bookedAt: now.toISOString(),
    ...(appointment.overbooked ? { overbooked: true } : {}),
    ...(appointment.treatmentPlanId ? { treatmentPlanId: appointment.treatmentPlanId, doseNumber: appointment.doseNumber! } : {}),
  };
  await (insert ? tx.publishWith(insert, AppointmentBookedV1, data, meta, options) : tx.publish(AppointmentBookedV1, data, meta));
}
