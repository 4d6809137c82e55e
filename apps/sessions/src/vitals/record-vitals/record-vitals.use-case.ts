import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
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
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import {
  allowedCommands,
  type SessionState,
  type SessionStatus,
  statusesTaking,
} from '../../session-lifecycle/session-machine.js';
import { publishAbout, sessionRef } from '../../sessions/session-events.js';
import { lockSession, updateSession } from '../../sessions/session-store.js';
import { MAX_VITALS_PER_SESSION } from '../../sessions/session-limits.js';
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
  /** With an Idempotency-Key, a retry returns the first response and charts nothing twice. */
  idempotency?: IdempotencyRequest;
}

/** One set of vital signs, validated, before it is written. */
interface PreparedVitals {
  id: string;
  measures: VitalMeasure[];
  values: Record<string, number>;
  takenAt: Date;
  findings: VitalFinding[];
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
 * to the caller's organisation and location, still takes vitals and has fewer than
 * MAX_VITALS_PER_SESSION readings, moves its last-vitals time and count and inserts the row. Only
 * when it writes nothing does a second read say why (the limit is a 409 naming it). Out-of-range
 * values also raise an alert event, in a transaction with the row. With an Idempotency-Key the
 * write takes a transaction of its own too: the key is stored with the row.
 */
@Injectable()
export class RecordVitalsUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: VitalsWriter,
  ) {}

  async execute(c: RecordVitalsCommand): Promise<IdempotentOutcome<RecordedVitals>> {
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
    const vitals: PreparedVitals = { id, measures, values, takenAt, findings };

    if (c.idempotency)
      return this.unitOfWork.runWithFinalWrite((tx) =>
        createdOnce(
          tx,
          c.idempotency,
          async () => this.recorded(c, vitals, (await this.inTransaction(tx, c, vitals)) ?? (await this.whyNot(c, tx))),
          (recorded) => recorded,
        ),
      );
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
      : await this.unitOfWork.run((tx) => this.inTransaction(tx, c, vitals));
    return { replayed: false, status: 201, body: this.recorded(c, vitals, written ?? (await this.whyNot(c))) };
  }

  /** The row (and, out of range, its alert event) in the caller's transaction; undefined when nothing was written. */
  private async inTransaction(tx: Transaction, c: RecordVitalsCommand, v: PreparedVitals): Promise<WrittenSession | undefined> {
    const [row] = (await tx.manager.query(
      `WITH s AS (
         UPDATE session SET last_vitals_at = greatest(coalesce(last_vitals_at, $4), $4), vitals_count = vitals_count + 1
          WHERE appointment_id = $1 AND location_id = $2 AND status IN ${TAKES_VITALS}
            AND vitals_count < ${MAX_VITALS_PER_SESSION}
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
        v.takenAt,
        v.id,
        c.now,
        c.actorId,
        JSON.stringify(v.values),
        v.findings.length ? JSON.stringify(v.findings) : null,
      ],
    )) as WrittenSession[];
    if (row && v.findings.length) {
      const session = await lockSession(tx.manager, c.appointmentId);
      await publishAbout(tx, session, VitalsOutOfRangeV1, {
        ...sessionRef(session, c.actorId, c.now, c.deviceTime),
        takenAt: v.takenAt.toISOString(),
        findings: v.findings,
      });
      await updateSession(tx.manager, session, {});
    }
    return row;
  }

  private recorded(c: RecordVitalsCommand, v: PreparedVitals, written: WrittenSession): RecordedVitals {
    const due = vitalsDueAt({
      state: written.state,
      doseNumber: written.dose_number,
      therapy: written.therapy,
      lastVitalsAt: written.last_vitals_at,
    });
    return {
      id: v.id,
      appointmentId: c.appointmentId,
      patientId: written.patient_id,
      takenAt: v.takenAt.toISOString(),
      observations: v.measures.map((m) => ({
        measure: m,
        loinc: VITALS[m].loinc,
        display: VITALS[m].display,
        value: c.values[m]!,
        unit: VITALS[m].unit,
      })),
      findings: v.findings,
      nextVitalsDueAt: due !== null ? new Date(due).toISOString() : null,
    };
  }

  /** Nothing was written: a session that is not there (for this caller), one that has all its readings, or one that takes no vitals now. */
  private async whyNot(c: RecordVitalsCommand, tx?: Transaction): Promise<never> {
    const [row] = (await (tx?.manager ?? this.dataSource).query(
      `SELECT s.status, s.state, s.vitals_count FROM session s JOIN directory_location l ON l.location_id = s.location_id WHERE s.appointment_id = $1 AND s.location_id = $2 AND l.organisation_id = $3`,
      [c.appointmentId, c.locationId, c.organisationId],
    )) as Array<{ status: SessionStatus; state: SessionState; vitals_count: number }>;
    if (!row) throw ProblemException.notFound('Session', c.appointmentId);
    // A session that takes vitals and wrote none is full: the readings sent at the same moment took
    // its last places first (VitalsWriter keeps a batch's readings in order up to the room left).
    if (statusesTaking('record-vitals').includes(row.status))
      throw ProblemException.conflict(
        'vitals-limit',
        `Session ${c.appointmentId} has ${row.vitals_count} vital-signs readings; a session records at most ${MAX_VITALS_PER_SESSION}.`,
        { limit: MAX_VITALS_PER_SESSION, vitalsCount: row.vitals_count },
      );
    throw ProblemException.conflict(
      'invalid-transition',
      `A session that is ${row.status.replace('_', ' ')} takes no vital signs.`,
      { sessionStatus: row.status, allowed: allowedCommands(row.state) },
    );
  }
}
