import { Injectable } from '@nestjs/common';
import { VitalsEnteredInErrorV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { VitalSignsErrorRecord } from '../../sessions/session.entity.js';
import { publishAbout, sessionRef } from '../../sessions/session-events.js';
import { lockSession, updateSession } from '../../sessions/session-store.js';

export interface EnterVitalsInErrorCommand {
  organisationId: string;
  locationId: string;
  appointmentId: string;
  vitalsId: string;
  reason: string;
  actorId: string;
  now: Date;
}

export interface VitalsCorrection {
  vitalsId: string;
  appointmentId: string;
  patientId: string;
  status: 'entered-in-error';
  reason: string;
  enteredInErrorBy: string;
  enteredInErrorAt: string;
  lastVitalsAt: string | null;
}

/**
 * Vital signs entered in error (FHIR Observation `entered-in-error`), e.g. taken on the wrong
 * patient: the row stays as it was, a correction row says who, when and why, and the session's
 * last vital signs (from which the next are due) are those that still count. Any status, a
 * discharged session too: documentation is corrected after the visit as well.
 */
@Injectable()
export class EnterVitalsInErrorUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(c: EnterVitalsInErrorCommand): Promise<VitalsCorrection> {
    return this.unitOfWork.run(async (tx) => {
      const session = await lockSession(tx.manager, c.appointmentId, c.organisationId);
      if (c.locationId !== session.locationId) throw ProblemException.notFound('Session', c.appointmentId);
      const [row] = (await tx.manager.query(
        `SELECT v.taken_at, (e.vital_signs_id IS NOT NULL) AS in_error
           FROM vital_signs v LEFT JOIN vital_signs_error e ON e.vital_signs_id = v.id
          WHERE v.id = $1 AND v.session_id = $2`,
        [c.vitalsId, session.appointmentId],
      )) as Array<{ taken_at: Date; in_error: boolean }>;
      if (!row) throw ProblemException.notFound('Vital signs', c.vitalsId);
      if (row.in_error)
        throw ProblemException.conflict('already-entered-in-error', `Vital signs ${c.vitalsId} are already entered in error.`);
      await tx.manager.insert(VitalSignsErrorRecord, {
        vitalSignsId: c.vitalsId,
        sessionId: session.appointmentId,
        reason: c.reason,
        actorId: c.actorId,
        recordedAt: c.now,
      });
      const [{ last }] = (await tx.manager.query(
        `SELECT max(v.taken_at) AS last FROM vital_signs v
          WHERE v.session_id = $1 AND NOT EXISTS (SELECT 1 FROM vital_signs_error e WHERE e.vital_signs_id = v.id)`,
        [session.appointmentId],
      )) as [{ last: Date | null }];
      const lastVitalsAt = last ? new Date(last) : null;
      await publishAbout(tx, session, VitalsEnteredInErrorV1, {
        ...sessionRef(session, c.actorId, c.now),
        vitalsId: c.vitalsId,
        takenAt: new Date(row.taken_at).toISOString(),
        reason: c.reason,
        ...(lastVitalsAt ? { lastVitalsAt: lastVitalsAt.toISOString() } : {}),
      });
      await updateSession(tx.manager, session, { lastVitalsAt });
      return {
        vitalsId: c.vitalsId,
        appointmentId: session.appointmentId,
        patientId: session.patientId,
        status: 'entered-in-error',
        reason: c.reason,
        enteredInErrorBy: c.actorId,
        enteredInErrorAt: c.now.toISOString(),
        lastVitalsAt: lastVitalsAt?.toISOString() ?? null,
      };
    });
  }
}
