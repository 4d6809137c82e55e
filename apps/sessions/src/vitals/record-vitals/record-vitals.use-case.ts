import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { VitalsOutOfRangeV1 } from '@chairside/contracts';
import { implausibleVitals, nextVitalsDue, type VitalFinding, VITAL_MEASURES, type VitalMeasure, VITALS, type VitalValues, vitalFindings } from '@chairside/domain';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { allowedCommands, type SessionState, type SessionStatus } from '../../session-lifecycle/session-machine.js';
import type { SessionTherapy } from '../../sessions/session.entity.js';
import { publishAbout, SessionRecords, sessionRef } from '../../sessions/session-records.js';

export interface RecordVitalsCommand {
  organisationId: string;
  locationId: string;
  appointmentId: string;
  actorId: string;
  values: VitalValues;
  now: Date;
  deviceTime?: Date;
}

export interface RecordedVitals {
  id: string;
  appointmentId: string;
  takenAt: string;
  /** LOINC panel 85353-1 members, as recorded. */
  observations: Array<{ measure: VitalMeasure; loinc: string; display: string; value: number; unit: string }>;
  findings: VitalFinding[];
  nextVitalsDueAt: string | null;
}

interface SessionRow {
  status: SessionStatus;
  state: SessionState;
  dose_number: number | null;
  therapy: SessionTherapy;
  last_vitals_at: Date | null;
}

/**
 * Vitals are the most frequent write at the chair (every 15 minutes per patient in a first
 * hour), so the ordinary case is one read and one statement that both checks the session is
 * still in a state that takes vitals and records them. Out-of-range values also raise an alert
 * event, in a transaction with the row.
 */
@Injectable()
export class RecordVitalsUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly sessions: SessionRecords,
  ) {}

  async execute(c: RecordVitalsCommand): Promise<RecordedVitals> {
    const measures = VITAL_MEASURES.filter((m) => c.values[m] !== undefined);
    if (!measures.length) throw ProblemException.validation(VITAL_MEASURES.map((field) => ({ field, reason: 'at least one vital sign is required' })));
    const implausible = implausibleVitals(c.values);
    if (implausible.length) throw ProblemException.validation(implausible);

    const [row] = (await this.dataSource.query(
      `SELECT s.status, s.state, s.dose_number, s.therapy, s.last_vitals_at FROM session s JOIN known_location l ON l.location_id = s.location_id
        WHERE s.appointment_id = $1 AND s.location_id = $2 AND l.organisation_id = $3`,
      [c.appointmentId, c.locationId, c.organisationId],
    )) as SessionRow[];
    if (!row) throw ProblemException.notFound('Session', c.appointmentId);
    if (!allowedCommands(row.state).includes('record-vitals')) {
      throw ProblemException.conflict('invalid-transition', `A session that is ${row.status.replace('_', ' ')} takes no vital signs.`, { sessionStatus: row.status, allowed: allowedCommands(row.state) });
    }
    const takenAt = c.deviceTime ?? c.now;
    const lastTakenAt = Math.max(row.last_vitals_at ? new Date(row.last_vitals_at).getTime() : 0, takenAt.getTime());
    const started = row.state.startedAt !== undefined && (row.status === 'infusing' || row.status === 'paused');
    const nextDue = started ? new Date(nextVitalsDue({ startedAt: row.state.startedAt!, lastTakenAt, firstDose: row.dose_number === null || row.dose_number === 1, schedule: row.therapy.vitals })) : null;
    const findings = vitalFindings(c.values);
    const id = randomUUID();
    const values = Object.fromEntries(measures.map((m) => [m, c.values[m]!]));

    const write = (manager: EntityManager | DataSource) =>
      manager.query(
        `WITH s AS (
           UPDATE session SET last_vitals_at = $3, next_vitals_due_at = CASE WHEN status IN ('infusing', 'paused') THEN $4::timestamptz ELSE next_vitals_due_at END
            WHERE appointment_id = $1 AND status = $2 RETURNING appointment_id)
         INSERT INTO vital_signs (id, session_id, taken_at, recorded_at, actor_id, "values", findings)
         SELECT $5, appointment_id, $6, $7, $8, $9, $10 FROM s RETURNING id`,
        [c.appointmentId, row.status, new Date(lastTakenAt), nextDue, id, takenAt, c.now, c.actorId, JSON.stringify(values), findings.length ? JSON.stringify(findings) : null],
      ) as Promise<unknown[]>;

    let written: unknown[];
    if (!findings.length) {
      written = await write(this.dataSource);
    } else {
      written = await this.unitOfWork.run(async (tx) => {
        const session = await this.sessions.lock(tx.manager, c.appointmentId, c.organisationId);
        const inserted = await write(tx.manager);
        if (inserted.length) {
          await publishAbout(tx, session, VitalsOutOfRangeV1, { ...sessionRef(session, c.actorId, c.now, c.deviceTime), takenAt: takenAt.toISOString(), findings });
          await this.sessions.update(tx.manager, session, { lastVitalsAt: new Date(lastTakenAt), ...(started ? { nextVitalsDueAt: nextDue } : {}) });
        }
        return inserted;
      });
    }
    // The session moved on between the read and the write (e.g. it was discharged): nothing was written.
    if (!written.length) throw ProblemException.conflict('session-changed', 'The session changed while the vital signs were being recorded. Reload it and try again.');
    return {
      id,
      appointmentId: c.appointmentId,
      takenAt: takenAt.toISOString(),
      observations: measures.map((m) => ({ measure: m, loinc: VITALS[m].loinc, display: VITALS[m].display, value: c.values[m]!, unit: VITALS[m].unit })),
      findings,
      nextVitalsDueAt: nextDue?.toISOString() ?? null,
    };
  }
}
