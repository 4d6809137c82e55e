import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppointmentBookedV1 } from '@chairside/contracts';
import type { TherapyCode } from '@chairside/domain';
import { EXCLUSION_VIOLATION, sqlState } from '@chairside/database';
import { idempotent, type IdempotencyRequest, type IdempotentOutcome, type Transaction, UnitOfWork } from '@chairside/messaging';
import { appointmentView } from '../appointment-view.js';
import { ProblemException } from '@chairside/platform';
import { HOUR } from '../../slot-search/center.js';
import { evaluateStart, type StartRejection } from '../../slot-search/find-slots.js';
import { Appointment } from '../appointment.entity.js';
import { CenterStateRepository } from '../center-state.repository.js';
import { treatmentRequest } from '../treatment-request.js';

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

const WHY: Record<StartRejection, string> = {
  closed: 'The center is closed for part of that stay (treatment and observation must end before closing).',
  'too-soon': 'The pharmacy cannot have the drug ready by then.',
  'patient-busy': 'The patient already has a treatment at that time.',
  'no-chair': 'No suitable chair is free for the whole stay and turnover.',
  'no-nurse': 'No certified nurse on shift has a free start window and monitoring capacity for the whole stay.',
  'no-matching-resources': 'The location has no chair of a suitable kind or no nurse with the certification (or not the ones requested).',
};

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
    const start = command.startsAt.getTime();
    const around = { from: new Date(start - 24 * HOUR), to: new Date(start + 36 * HOUR) };
    const patient = (await tx.manager.query(`SELECT 1 FROM patient WHERE id = $1 AND organisation_id = $2`, [command.patientId, command.organisationId])) as unknown[];
    if (!patient.length) throw ProblemException.notFound('Patient', command.patientId);
    const evaluate = async (only: { chairId?: string; nurseId?: string }) => {
      const center = await this.centers.load(tx.manager, command.locationId, around.from, around.to, command.patientId);
      if (!center) throw ProblemException.notFound('Location', command.locationId);
      return { center, verdict: evaluateStart(center, request, start, command.now.getTime(), only, center.patientBusy) };
    };
    const only = { ...(command.chairId ? { chairId: command.chairId } : {}), ...(command.nurseId ? { nurseId: command.nurseId } : {}) };
    // The nurses' capacity is an aggregate no constraint can hold: lock every nurse who could take
    // this treatment (in id order, so two bookings never wait on each other in a cycle), then
    // decide with what is committed. Bookings for the same nurses are decided one after another.
    await tx.manager.query(
      `SELECT id FROM nurse WHERE location_id = $1 AND $2 = ANY(certifications) AND ($3::uuid IS NULL OR id = $3) ORDER BY id FOR UPDATE`,
      [command.locationId, request.certification, command.nurseId ?? null],
    );
    const { center, verdict } = await evaluate(only);
    if ('rejected' in verdict) throw unavailable(verdict.rejected);
    const slot = verdict.slot;
    const appointment = tx.manager.create(Appointment, {
      id: randomUUID(),
      locationId: command.locationId,
      patientId: command.patientId,
      therapyCode: command.therapyCode,
      chairId: slot.chairId,
      nurseId: slot.nurseId,
      startsAt: new Date(slot.start),
      endsAt: new Date(slot.end),
      chairReleasedAt: new Date(slot.chairReleasedAt),
      setupEndsAt: new Date(slot.setupEnd),
      status: 'booked',
      version: 1,
    });
    // Chair, patient and set-up overlaps that slipped past the check above fail here with 23P01 → 409.
    try {
      await tx.manager.insert(Appointment, appointment);
    } catch (error) {
      if (sqlState(error) === EXCLUSION_VIOLATION) throw overlap((error as { driverError?: { constraint?: string } }).driverError?.constraint);
      throw error;
    }
    const zone = center.calendar.timeZone;
    const localIso = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO({ includeOffset: false, suppressMilliseconds: true })!;
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
        localStart: localIso(slot.start),
        localEnd: localIso(slot.end),
        durationMinutes: request.durationMinutes,
        observationMinutes: request.observationMinutes,
        bookedAt: command.now.toISOString(),
      },
      { aggregateId: appointment.id, aggregateSequence: 1, locationId: appointment.locationId },
    );
    return appointment;
  }
}

const OVERLAPS: Record<string, string> = {
  appointment_chair_no_overlap: 'Another booking took that chair for an overlapping time.',
  appointment_patient_no_overlap: 'The patient was booked elsewhere for an overlapping time.',
  appointment_nurse_setup_no_overlap: 'The nurse is starting another patient at that time.',
};

function overlap(constraint: string | undefined): ProblemException {
  return ProblemException.conflict('slot-unavailable', OVERLAPS[constraint ?? ''] ?? 'The slot was taken meanwhile.', { reason: 'conflict', constraint });
}

function unavailable(reason: StartRejection): ProblemException {
  return ProblemException.conflict('slot-unavailable', WHY[reason], { reason });
}
