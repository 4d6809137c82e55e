import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@chairside/platform';
import { ProblemException } from '@chairside/platform';

/** Every message planned for an appointment, with its delivery state, at the locations the caller may see. Never bodies or addresses. */
@Injectable()
export class AppointmentMessagesQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(q: { appointmentId: string; user: AuthenticatedUser }): Promise<unknown[]> {
    const rows = (await this.dataSource.query(
      `SELECT m.id, m.kind, m.offset_hours AS "offsetHours", m.channel, m.status, m.reason, m.due_at AS "dueAt", m.sent_at AS "sentAt", m.delivered_at AS "deliveredAt", m.attempts, m.occurrence, m.fallback_for AS "fallbackFor", m.location_id AS "locationId", m.patient_id AS "patientId"
         FROM message m JOIN directory_location l ON l.location_id = m.location_id
        WHERE m.appointment_id = $1 AND l.organisation_id = $2 ORDER BY m.due_at, m.kind`,
      [q.appointmentId, q.user.org],
    )) as Array<{ locationId: string }>;
    const visible = rows.filter((r) => q.user.locations === '*' || q.user.locations.includes(r.locationId));
    if (!visible.length) throw ProblemException.notFound('Appointment', q.appointmentId);
    return visible;
  }
}
