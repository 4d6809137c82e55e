import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { Session } from '../sessions/session.entity.js';
import { MAX_SESSION_STEPS, MAX_VITALS_PER_SESSION } from '../sessions/session-limits.js';
import { sessionView, type SessionView } from './session-view.js';

/**
 * One session with its full log of steps and vital signs, as the caller's organisation may see it.
 * Whole, because the writes keep it small: a session has at most MAX_SESSION_STEPS steps and
 * MAX_VITALS_PER_SESSION readings (session-limits.ts); the LIMITs say so to the database too.
 */
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
        `SELECT st.seq, st.kind, st.from_status, st.to_status, st.actor_id, st.occurred_at, st.device_time, st.details,
                CASE WHEN e.seq IS NULL THEN 'recorded' ELSE 'entered-in-error' END AS status,
                CASE WHEN e.seq IS NULL THEN NULL ELSE json_build_object('reason', e.reason, 'actorId', e.actor_id, 'at', e.recorded_at) END AS entered_in_error
           FROM session_step st LEFT JOIN session_step_error e ON e.session_id = st.session_id AND e.seq = st.seq
          WHERE st.session_id = $1 ORDER BY st.seq LIMIT $2`,
        [q.appointmentId, MAX_SESSION_STEPS],
      ),
      this.dataSource.query(
        `SELECT v.id, v.taken_at, v.recorded_at, v.actor_id, v."values", v.findings,
                CASE WHEN e.vital_signs_id IS NULL THEN 'final' ELSE 'entered-in-error' END AS status,
                CASE WHEN e.vital_signs_id IS NULL THEN NULL ELSE json_build_object('reason', e.reason, 'actorId', e.actor_id, 'at', e.recorded_at) END AS entered_in_error
           FROM vital_signs v LEFT JOIN vital_signs_error e ON e.vital_signs_id = v.id
          WHERE v.session_id = $1 ORDER BY v.taken_at LIMIT $2`,
        [q.appointmentId, MAX_VITALS_PER_SESSION],
      ),
    ]);
    return sessionView(session, steps, vitals);
  }
}
