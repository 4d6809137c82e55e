import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { Session } from '../sessions/session.entity.js';
import { sessionView, type SessionView } from './session-view.js';

/** One session with its full log of steps and vital signs, as the caller's organisation may see it. */
@Injectable()
export class SessionDetailsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(q: { organisationId: string; locationId: string; appointmentId: string }): Promise<SessionView> {
    const session = await this.dataSource
      .getRepository(Session)
      .createQueryBuilder('s')
      .innerJoin('directory_location', 'l', 'l.location_id = s.location_id')
      .where('s.appointmentId = :appointmentId AND s.locationId = :locationId AND l.organisation_id = :org', {
        appointmentId: q.appointmentId,
        locationId: q.locationId,
        org: q.organisationId,
      })
      .getOne();
    if (!session) throw ProblemException.notFound('Session', q.appointmentId);
    const [steps, vitals] = await Promise.all([
      this.dataSource.query(
        'SELECT seq, kind, from_status, to_status, actor_id, occurred_at, device_time, details FROM session_step WHERE session_id = $1 ORDER BY seq',
        [q.appointmentId],
      ),
      this.dataSource.query(
        'SELECT id, taken_at, recorded_at, actor_id, "values", findings FROM vital_signs WHERE session_id = $1 ORDER BY taken_at',
        [q.appointmentId],
      ),
    ]);
    return sessionView(session, steps, vitals);
  }
}
