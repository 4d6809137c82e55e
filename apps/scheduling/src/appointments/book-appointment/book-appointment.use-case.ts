import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppointmentBookedV1, AppointmentHeldV1 } from '@chairside/contracts';
import type { ChairKind, TherapyCode } from '@chairside/domain';
import type { Finished, PreparedWrite, SqlStatement } from '@chairside/database';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { idempotent, type IdempotencyRequest, type IdempotentOutcome } from '@chairside/platform';
import { appointmentView } from '../appointment-view.js';
import { Appointment } from '../appointment.entity.js';
import { CenterStateRepository } from '../center-state.repository.js';
import { OverbookingAudit } from '../overbooking.entity.js';
import { appointmentInsert, placeTreatment, refusingOverlaps, slotFields } from '../place-treatment.js';
import { wallClock } from '../local-time.js';
import { appointmentRef } from '../appointment-changes.js';
import { MINUTE } from '@chairside/domain';
import { ProblemException } from '@chairside/platform';
import type { EntityManager } from 'typeorm';
import type { OrganisationTherapy } from '../../catalog/organisation-therapy.entity.js';
import { organisationTherapy, placementTherapy } from '../../catalog/organisation-therapies.js';

export interface BookAppointmentCommand {
  organisationId: string;
  locationId: string;
  patientId: string;
  /** One of the nine; optional with therapyId (then the built-in it is counted as). */
  therapyCode?: TherapyCode;
  /** A therapy the organisation defined itself. */
  therapyId?: string;
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
    // The final write (the stored response, else the booking itself) goes with the COMMIT; the
    // booking's write is sent inside the run, so an overlap surfaces here as a 409.
    return refusingOverlaps(() =>
      this.unitOfWork.runWithFinalWrite(async (tx) => {
        if (command.idempotency) return idempotent(tx, command.idempotency, 201, () => this.book(tx, command), appointmentView);
        const { result, finalWrite } = await this.book(tx, command);
        return { result: { replayed: false as const, status: 201, body: result }, finalWrite };
      }),
    );
  }

  /** Books (or holds) inside a caller's transaction: treatment plans book many doses in one. */
  async inTransaction(tx: Transaction, command: BookAppointmentCommand): Promise<Appointment> {
    const { result, finalWrite } = await this.book(tx, command);
    if (finalWrite) await refusingOverlaps(() => tx.send(finalWrite));
    return result;
  }

  /**
   * Everything up to the row-and-event write, which comes back unsent (booking is the hottest
   * write in the service: a unit of work sends it with its COMMIT) unless an overbooking's audit
   * row must follow it.
   */
  private async book(tx: Transaction, command: BookAppointmentCommand): Promise<Finished<Appointment>> {
    const { therapyCode, own } = await chosenTherapy(tx.manager, command);
    const { center, slot, request, violations } = await placeTreatment(tx, this.centers, {
      organisationId: command.organisationId,
      locationId: command.locationId,
      patientId: command.patientId,
      therapyCode,
      ...(own ? { therapy: placementTherapy(own) } : {}),
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
      therapyCode,
      therapyId: own?.id ?? null,
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
    let write: PreparedWrite<unknown> | undefined;
    if (held && command.waitlistRequestId) {
      // A waitlist offer's first event is the offer itself, published by the caller.
      await refusingOverlaps(() => tx.manager.query(insert.sql, insert.parameters));
    } else if (held) {
      const data = {
        ...appointmentRef(appointment, zone),
        chairReleasedAt: appointment.chairReleasedAt.toISOString(),
        holdExpiresAt: appointment.holdExpiresAt!.toISOString(),
      };
      write = tx.prepareWith(insert, AppointmentHeldV1, data, {
        aggregateId: appointment.id,
        aggregateSequence: 1,
        locationId: appointment.locationId,
      });
    } else {
      write = prepareBooked(
        tx,
        appointment,
        center.chairs.find((c) => c.id === slot.chairId)!.kind,
        zone,
        command.now,
        insert,
        own,
      );
    }
    if (violations.length && command.overbook) {
      const booking = write;
      if (booking) await refusingOverlaps(() => tx.send(booking));
      write = undefined;
      await tx.manager.insert(OverbookingAudit, {
        id: randomUUID(),
        appointmentId: appointment.id,
        locationId: appointment.locationId,
        actorId: command.overbook.actorId,
        reason: command.overbook.reason,
        violations,
      });
    }
    return { result: appointment, finalWrite: write };
  }
}

/** appointment.booked, for a hold that becomes a booking. */
export async function publishBooked(
  tx: Transaction,
  appointment: Appointment,
  chairKind: ChairKind,
  zone: string,
  now: Date,
  own: OrganisationTherapy | null,
): Promise<void> {
  const { data, meta } = booked(appointment, chairKind, zone, now, own);
  await tx.publish(AppointmentBookedV1, data, meta);
}

/** appointment.booked with the new booking's INSERT, in one statement, unsent. */
function prepareBooked(
  tx: Transaction,
  appointment: Appointment,
  chairKind: ChairKind,
  zone: string,
  now: Date,
  insert: SqlStatement,
  own: OrganisationTherapy | null,
): PreparedWrite<unknown> {
  const { data, meta } = booked(appointment, chairKind, zone, now, own);
  return tx.prepareWith(insert, AppointmentBookedV1, data, meta);
}

function booked(appointment: Appointment, chairKind: ChairKind, zone: string, now: Date, own: OrganisationTherapy | null) {
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
    // The patient's messages advise what the organisation's own therapy asks, as it was when booked.
    ...(own ? { therapy: { therapyId: own.id, code: own.code, name: own.settings.name, preparation: own.preparation } } : {}),
  };
  return { data, meta };
}

/**
 * The therapy a booking asks for: one of the nine by code, or the organisation's own by id (its
 * code then is the built-in it is counted as; naming another is a contradiction, 400).
 */
export async function chosenTherapy(
  manager: EntityManager,
  c: { organisationId: string; therapyCode?: TherapyCode | undefined; therapyId?: string | undefined },
): Promise<{ therapyCode: TherapyCode; own: OrganisationTherapy | null }> {
  if (!c.therapyId) {
    if (!c.therapyCode)
      throw ProblemException.validation([{ field: 'therapyCode', reason: 'is required unless therapyId is given' }]);
    return { therapyCode: c.therapyCode, own: null };
  }
  const own = await organisationTherapy(manager, c.organisationId, c.therapyId);
  if (c.therapyCode && c.therapyCode !== own.countedAs)
    throw ProblemException.validation([
      { field: 'therapyCode', reason: `therapy ${own.code} is counted as ${own.countedAs}; leave therapyCode out` },
    ]);
  return { therapyCode: own.countedAs, own };
}
