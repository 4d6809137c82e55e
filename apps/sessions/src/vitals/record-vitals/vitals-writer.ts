import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isTransientDatabaseError } from '@chairside/database';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { SessionsConfig } from '../../config/sessions.config.js';
import { type SessionState, statusesTaking } from '../../session-lifecycle/session-machine.js';
import type { SessionTherapy } from '../../sessions/session.entity.js';
import { MAX_VITALS_PER_SESSION } from '../../sessions/session-limits.js';

/** One set of vital signs to write, already validated. */
export interface VitalsRow {
  id: string;
  appointmentId: string;
  locationId: string;
  organisationId: string;
  takenAt: Date;
  recordedAt: Date;
  actorId: string;
  values: Record<string, number>;
}

/** The session as the write left it, or undefined when nothing was written. */
export interface WrittenSession {
  /** Whose vital signs they are (for the audit record). */
  patient_id: string;
  state: SessionState;
  dose_number: number | null;
  therapy: SessionTherapy;
  last_vitals_at: string;
}

/** Statuses in which the state machine takes vital signs, as SQL (derived, so the two cannot disagree). */
export const TAKES_VITALS = `(${statusesTaking('record-vitals')
  .map((s) => `'${s}'`)
  .join(', ')})`;

/**
 * Writes vital signs, grouping the ones that arrive together into one statement.
 *
 * Every chair sends vitals, so at a busy hour most of a request's cost is the round trip to
 * PostgreSQL (on a small machine, the system calls of sending it). The first request goes out
 * at once; requests arriving while statements are in flight wait for the next one and share it,
 * so the batch grows with the load and adds no delay when the service is quiet. Each row is
 * still checked on its own: its session must belong to the caller's organisation and location,
 * still take vitals and have room for them (MAX_VITALS_PER_SESSION), or that row alone is not written.
 */
@Injectable()
export class VitalsWriter {
  private queue: Array<{ row: VitalsRow; resolve: (s: WrittenSession | undefined) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;
  private readonly maxBatch = 200;

  private readonly maxInFlight: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: SessionsConfig,
  ) {
    this.maxInFlight = config.VITALS_WRITE_CONCURRENCY;
  }

  write(row: VitalsRow): Promise<WrittenSession | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length && this.inFlight < this.maxInFlight) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      this.writeIsolated(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  /**
   * Writes a batch in one statement; if the statement fails for a reason that is not transient
   * (a row the database refuses), each row is written again alone, so one bad row fails only the
   * request that sent it and every other request of the batch still gets its own answer.
   */
  private async writeIsolated(batch: typeof this.queue): Promise<void> {
    try {
      const written = await this.writeBatch(batch.map((b) => b.row));
      batch.forEach((b) => b.resolve(written.get(b.row.id)));
    } catch (error) {
      if (batch.length === 1 || isTransientDatabaseError(error)) {
        batch.forEach((b) => b.reject(error));
        return;
      }
      for (const one of batch) {
        await this.writeBatch([one.row]).then(
          (written) => one.resolve(written.get(one.row.id)),
          (alone: unknown) => one.reject(alone),
        );
      }
    }
  }

  private async writeBatch(rows: VitalsRow[]): Promise<Map<string, WrittenSession>> {
    const input = rows.map((r) => ({
      id: r.id,
      appointment_id: r.appointmentId,
      location_id: r.locationId,
      organisation_id: r.organisationId,
      taken_at: r.takenAt.toISOString(),
      recorded_at: r.recordedAt.toISOString(),
      actor_id: r.actorId,
      values: r.values,
    }));
    // Each input row is checked on its own (its caller's organisation and location). The sessions
    // concerned are locked first, in one order for every batch (two batches never wait on each other
    // in a cycle), and their counts read under the lock, so concurrent writes never
    // pass the limit; a session's readings in this batch are taken in order up to the room it has
    // left, and only those kept are counted and inserted (the others' callers get the 409 of a full
    // session). Then the kept rows of one session are folded into one update of its last-vitals
    // time and its count. No reading is inserted for a session the update left out.
    const written = (await this.dataSource.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, appointment_id uuid, location_id uuid, organisation_id uuid, taken_at timestamptz, recorded_at timestamptz, actor_id text, "values" jsonb)),
       checked AS (
         SELECT input.* FROM input
           JOIN session ss ON ss.appointment_id = input.appointment_id AND ss.location_id = input.location_id AND ss.status IN ${TAKES_VITALS}
           JOIN directory_location l ON l.location_id = input.location_id AND l.organisation_id = input.organisation_id),
       locked AS (
         SELECT appointment_id, vitals_count FROM session
          WHERE appointment_id IN (SELECT appointment_id FROM checked) AND status IN ${TAKES_VITALS}
          ORDER BY appointment_id FOR UPDATE),
       accepted AS (
         SELECT c.* FROM (
           SELECT checked.*, locked.vitals_count AS had,
                  row_number() OVER (PARTITION BY checked.appointment_id ORDER BY checked.taken_at, checked.id) AS n
             FROM checked JOIN locked ON locked.appointment_id = checked.appointment_id) c
          WHERE c.had + c.n <= ${MAX_VITALS_PER_SESSION}),
       latest AS (SELECT appointment_id, max(taken_at) AS taken_at, count(*)::int AS readings FROM accepted GROUP BY 1),
       s AS (
         UPDATE session SET last_vitals_at = greatest(coalesce(session.last_vitals_at, latest.taken_at), latest.taken_at),
                vitals_count = session.vitals_count + latest.readings
           FROM latest
          WHERE session.appointment_id = latest.appointment_id AND session.status IN ${TAKES_VITALS}
            AND session.vitals_count + latest.readings <= ${MAX_VITALS_PER_SESSION}
          RETURNING session.appointment_id, session.patient_id, session.state, session.dose_number, session.therapy, session.last_vitals_at),
       v AS (
         INSERT INTO vital_signs (id, session_id, taken_at, recorded_at, actor_id, "values")
         SELECT accepted.id, accepted.appointment_id, accepted.taken_at, accepted.recorded_at, accepted.actor_id, accepted."values" FROM accepted JOIN s ON s.appointment_id = accepted.appointment_id)
       SELECT accepted.id AS vitals_id, s.patient_id, s.state, s.dose_number, s.therapy, s.last_vitals_at FROM accepted JOIN s ON s.appointment_id = accepted.appointment_id`,
      [JSON.stringify(input)],
    )) as Array<WrittenSession & { vitals_id: string }>;
    return new Map(written.map((w) => [w.vitals_id, w]));
  }
}
