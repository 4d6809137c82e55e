import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LocationGrant } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { locationsParameter, visibleTo } from '../../patients/patient-scope.js';
import { Note } from '../note.entity.js';

export type AddNoteCommand = {
  organisationId: string;
  /** The caller's grant: a patient they may not see is not found. */
  locations: LocationGrant;
  authorId: string;
  body: string;
  idempotency?: IdempotencyRequest;
} & ({ on: 'patient'; patientId: string; locationId: string } | { on: 'appointment'; appointmentId: string; locationId: string });

export interface NoteView {
  id: string;
  patientId: string;
  appointmentId: string | null;
  locationId: string;
  authorId: string;
  body: string;
  createdAt: string;
}

export const noteView = (n: Note): NoteView => ({
  id: n.id,
  patientId: n.patientId,
  appointmentId: n.appointmentId,
  locationId: n.locationId,
  authorId: n.authorId,
  body: n.body,
  createdAt: n.createdAt.toISOString(),
});

/** A note on a patient (written at one of the author's locations) or on one of their appointments there. */
@Injectable()
export class AddNoteUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: AddNoteCommand): Promise<IdempotentOutcome<Note>> {
    return this.unitOfWork.runWithFinalWrite((tx) => createdOnce(tx, command.idempotency, () => this.add(tx, command), noteView));
  }

  private async add(tx: Transaction, command: AddNoteCommand): Promise<Note> {
    const [location] = (await tx.manager.query(`SELECT 1 FROM location WHERE id = $1 AND organisation_id = $2`, [
      command.locationId,
      command.organisationId,
    ])) as unknown[];
    if (!location) throw ProblemException.notFound('Location', command.locationId);
    let patientId: string;
    let appointmentId: string | null = null;
    if (command.on === 'appointment') {
      const [appointment] = (await tx.manager.query(`SELECT patient_id FROM appointment WHERE id = $1 AND location_id = $2`, [
        command.appointmentId,
        command.locationId,
      ])) as Array<{ patient_id: string }>;
      if (!appointment) throw ProblemException.notFound('Appointment', command.appointmentId);
      patientId = appointment.patient_id;
      appointmentId = command.appointmentId;
    } else {
      const [visible] = (await tx.manager.query(
        `SELECT 1 FROM patient p WHERE p.id = $1 AND p.organisation_id = $2 AND ${visibleTo(3)}`,
        [command.patientId, command.organisationId, locationsParameter(command.locations)],
      )) as unknown[];
      if (!visible) throw ProblemException.notFound('Patient', command.patientId);
      patientId = command.patientId;
    }
    const note = tx.manager.create(Note, {
      id: randomUUID(),
      organisationId: command.organisationId,
      locationId: command.locationId,
      patientId,
      appointmentId,
      authorId: command.authorId,
      body: command.body,
      createdAt: new Date(),
    });
    await tx.manager.insert(Note, note);
    return note;
  }
}
