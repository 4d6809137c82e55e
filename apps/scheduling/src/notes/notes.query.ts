import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LocationGrant } from '@chairside/domain';
import { ProblemException } from '@chairside/platform';
import { locationsParameter, visibleTo } from '../patients/patient-scope.js';
import type { NoteView } from './add-note/add-note.use-case.js';

export interface NotePage {
  items: NoteView[];
  limit: number;
  offset: number;
  nextOffset: number | null;
}

interface Row {
  id: string;
  patient_id: string;
  appointment_id: string | null;
  location_id: string;
  author_id: string;
  body: string;
  created_at: Date;
}

/** Notes newest first: a patient's (written at the caller's locations), or one appointment's. */
@Injectable()
export class NotesQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ofPatient(c: { organisationId: string; locations: LocationGrant; patientId: string; limit: number; offset: number }) {
    const locations = locationsParameter(c.locations);
    const [visible] = (await this.dataSource.query(
      `SELECT 1 FROM patient p WHERE p.id = $1 AND p.organisation_id = $2 AND ${visibleTo(3)}`,
      [c.patientId, c.organisationId, locations],
    )) as unknown[];
    if (!visible) throw ProblemException.notFound('Patient', c.patientId);
    return this.page(
      `patient_id = $1 AND ($2::uuid[] IS NULL OR location_id = ANY($2::uuid[]))`,
      [c.patientId, locations],
      c.limit,
      c.offset,
    );
  }

  async ofAppointment(c: { organisationId: string; locationId: string; appointmentId: string; limit: number; offset: number }) {
    const [appointment] = (await this.dataSource.query(
      `SELECT 1 FROM appointment a JOIN location l ON l.id = a.location_id WHERE a.id = $1 AND a.location_id = $2 AND l.organisation_id = $3`,
      [c.appointmentId, c.locationId, c.organisationId],
    )) as unknown[];
    if (!appointment) throw ProblemException.notFound('Appointment', c.appointmentId);
    return this.page(`appointment_id = $1 AND location_id = $2`, [c.appointmentId, c.locationId], c.limit, c.offset);
  }

  private async page(where: string, parameters: unknown[], limit: number, offset: number): Promise<NotePage> {
    const n = parameters.length;
    const rows = (await this.dataSource.query(
      `SELECT id, patient_id, appointment_id, location_id, author_id, body, created_at FROM note
        WHERE ${where} ORDER BY created_at DESC, id LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...parameters, limit + 1, offset],
    )) as Row[];
    return {
      items: rows.slice(0, limit).map((r) => ({
        id: r.id,
        patientId: r.patient_id,
        appointmentId: r.appointment_id,
        locationId: r.location_id,
        authorId: r.author_id,
        body: r.body,
        createdAt: new Date(r.created_at).toISOString(),
      })),
      limit,
      offset,
      nextOffset: rows.length > limit ? offset + limit : null,
    };
  }
}
