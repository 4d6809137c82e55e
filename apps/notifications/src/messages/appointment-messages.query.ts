import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser, CappedListQuery } from '@chairside/platform';
import { cappedPage, ProblemException } from '@chairside/platform';

/**
 * The most messages a request lists for one appointment. An appointment has a handful planned at a
 * time (confirmation, up to five reminders, on one or two channels); each reschedule withdraws
 * them and plans new ones, and the withdrawn ones stay listed (staff see why a reminder never
 * went), so the list grows with every move: 100 is a dozen reschedules, and a page more is asked
 * for with offset.
 */
export const MAX_APPOINTMENT_MESSAGES_LISTED = 100;

/**
 * The messages planned for an appointment, newest first (the current plan before what it
 * replaced), with their delivery state, at the locations the caller may see; at most
 * MAX_APPOINTMENT_MESSAGES_LISTED a request. Never bodies or addresses.
 */
@Injectable()
export class AppointmentMessagesQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(q: { appointmentId: string; user: AuthenticatedUser; page?: CappedListQuery }): Promise<unknown[]> {
    const { take, skip } = cappedPage(q.page ?? {}, MAX_APPOINTMENT_MESSAGES_LISTED);
    // The caller's locations are applied in SQL, before the limit, so a page is a page of what they may see.
    const locations = q.user.locations === '*' ? null : q.user.locations;
    const visible = (await this.dataSource.query(
      `SELECT m.id, m.kind, m.offset_hours AS "offsetHours", m.channel, m.status, m.reason, m.due_at AS "dueAt", m.sent_at AS "sentAt", m.delivered_at AS "deliveredAt", m.attempts, m.occurrence, m.fallback_for AS "fallbackFor", m.location_id AS "locationId", m.patient_id AS "patientId"
         FROM message m JOIN directory_location l ON l.location_id = m.location_id
        WHERE m.appointment_id = $1 AND l.organisation_id = $2 AND ($3::uuid[] IS NULL OR m.location_id = ANY($3::uuid[]))
        ORDER BY m.due_at DESC, m.kind, m.id LIMIT $4 OFFSET $5`,
      [q.appointmentId, q.user.org, locations, take, skip],
    )) as unknown[];
    // An appointment the caller may not see reads as missing; past its last page it is an empty page.
    if (!visible.length && skip === 0) throw ProblemException.notFound('Appointment', q.appointmentId);
    return visible;
  }
}
