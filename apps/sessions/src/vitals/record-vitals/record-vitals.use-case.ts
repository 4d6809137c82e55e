import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { VitalsOutOfRangeV1 } from '@chairside/contracts';
import {
  implausibleVitals,
  type VitalFinding,
  VITAL_MEASURES,
  type VitalMeasure,
  VITALS,
  type VitalValues,
  vitalFindings,
} from '@chairside/domain';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { allowedCommands, type SessionState, type SessionStatus } from '../../session-lifecycle/session-machine.js';
import { publishAbout, sessionRef } from '../../sessions/session-events.js';
import { lockSession, updateSession } from '../../sessions/session-store.js';
import { vitalsDueAt } from '../vitals-due.js';
import { TAKES_VITALS, VitalsWriter, type WrittenSession } from './vitals-writer.js';

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
  patientId: string;
  takenAt: string;
  /** Members of the LOINC vital signs panel (85353-1), as recorded. */
  observations: Array<{ measure: VitalMeasure; loinc: string; display: string; value: number; unit: string }>;
  findings: VitalFinding[];
  nextVitalsDueAt: string | null;
}

/**
 * Vitals are the most frequent write at the chair, so the ordinary case is one statement (shared
 * with the vitals arriving at the same moment, see VitalsWriter) that checks the session belongs
 * to the caller's organisation and location and still takes vitals, moves its last-vitals time
 * and inserts the row. Only when it writes nothing does a second read say why. Out-of-range
 * values also raise an alert event, in a transaction with the row.
 */
@Injectable()
export class RecordVitalsUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: VitalsWriter,
  ) {}

  async execute(c: RecordVitalsCommand): Promise<RecordedVitals> {
    const measures = VITAL_MEASURES.filter((m) => c.values[m] !== undefined);
    if (!measures.length)
      throw ProblemException.validation(
        VITAL_MEASURES.map((field) => ({ field, reason: 'at least one vital sign is required' })),
      );
    const implausible = implausibleVitals(c.values);
    if (implausible.length) throw ProblemException.validation(implausible);

    const takenAt = c.deviceTime ?? c.now;
    const findings = vitalFindings(c.values);
    const id = randomUUID();
    const values = Object.fromEntries(measures.map((m) => [m, c.values[m]!]));
    // Out-of-range values: the row, its findings and the alert event in one transaction.
    const alerting = (manager: EntityManager) =>
      manager.query(
        `WITH s AS (
           UPDATE session SET last_vitals_at = greatest(coalesce(last_vitals_at, $4), $4)
            WHERE appointment_id = $1 AND location_id = $2 AND status IN ${TAKES_VITALS}
              AND EXISTS (SELECT 1 FROM directory_location l WHERE l.location_id = session.location_id AND l.organisation_id = $3)
            RETURNING appointment_id, patient_id, state, dose_number, therapy, last_vitals_at),
         v AS (
           INSERT INTO vital_signs (id, session_id, taken_at, recorded_at, actor_id, "values", findings)
           SELECT $5, appointment_id, $4, $6, $7, $8, $9 FROM s)
         SELECT patient_id, state, dose_number, therapy, last_vitals_at FROM s`,
        [
          c.appointmentId,
          c.locationId,
          c.organisationId,
          takenAt,
          id,
          c.now,
          c.actorId,
          JSON.stringify(values),
          findings.length ? JSON.stringify(findings) : null,
        ],
      ) as Promise<WrittenSession[]>;

    const written = !findings.length
      ? await this.writer.write({
          id,
          appointmentId: c.appointmentId,
          locationId: c.locationId,
          organisationId: c.organisationId,
          takenAt,
          recordedAt: c.now,
          actorId: c.actorId,
          values,
        })
      : await this.unitOfWork.run(async (tx) => {
          const [row] = await alerting(tx.manager);
          if (row) {
            const session = await lockSession(tx.manager, c.appointmentId);
            await publishAbout(tx, session, VitalsOutOfRangeV1, {
              ...sessionRef(session, c.actorId, c.now, c.deviceTime),
              takenAt: takenAt.toISOString(),
              findings,
            });
            await updateSession(tx.manager, session, {});
          }
          return row;
        });
    if (!written) throw await this.whyNot(c);
    const due = vitalsDueAt({
      state: written.state,
      doseNumber: written.dose_number,
      therapy: written.therapy,
      lastVitalsAt: written.last_vitals_at,
    });
    return {
      id,
      appointmentId: c.appointmentId,
      patientId: written.patient_id,
      takenAt: takenAt.toISOString(),
      observations: measures.map((m) => ({
        measure: m,
        loinc: VITALS[m].loinc,
        display: VITALS[m].display,
        value: c.values[m]!,
        unit: VITALS[m].unit,
      })),
      findings,
      nextVitalsDueAt: due !== null ? new Date(due).toISOString() : null,
    };
  }

  /** Nothing was written: a session that is not there (for this caller), or one that takes no vitals now. */
  private async whyNot(c: RecordVitalsCommand): Promise<ProblemException> {
    const [row] = (await this.dataSource.query(
      `SELECT s.status, s.state FROM session s JOIN directory_location l ON l.location_id = s.location_id WHERE s.appointment_id = $1 AND s.location_id = $2 AND l.organisation_id = $3`,
      [c.appointmentId, c.locationId, c.organisationId],
    )) as Array<{ status: SessionStatus; state: SessionState }>;
    if (!row) return ProblemException.notFound('Session', c.appointmentId);
    return ProblemException.conflict(
      'invalid-transition',
      `A session that is ${row.status.replace('_', ' ')} takes no vital signs.`,
      { sessionStatus: row.status, allowed: allowedCommands(row.state) },
    );
  }
}
