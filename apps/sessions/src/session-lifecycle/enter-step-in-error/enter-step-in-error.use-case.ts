import { Injectable } from '@nestjs/common';
import { SessionStepEnteredInErrorV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { projectedEnd, replay, type CommandKind, type LoggedStep } from '../session-machine.js';
import { SessionStepErrorRecord } from '../../sessions/session.entity.js';
import { publishAbout, sessionRef } from '../../sessions/session-events.js';
import { type LoadedSession, lockSession, updateSession } from '../../sessions/session-store.js';

export interface EnterStepInErrorCommand {
  organisationId: string;
  locationId: string;
  appointmentId: string;
  /** The step's position in the log; or the latest step of a kind that still counts (undo check-in). */
  step: { seq: number } | { latestOfKind: CommandKind };
  reason: string;
  actorId: string;
  now: Date;
  /** If-Match. */
  expectedVersion?: number;
}

/** Steps that came from scheduling or ended the visit: corrected where they were made, not here. */
const NOT_CORRECTABLE: readonly CommandKind[] = ['cancel', 'no-show', 'discharge'];

interface StepRow {
  seq: number;
  kind: CommandKind;
  occurred_at: Date;
  details: Record<string, unknown>;
  in_error: boolean;
}

/**
 * Marks one step of the session's log entered in error (FHIR `entered-in-error`): the step stays
 * in the log as it was, a row beside it says who corrected it, when and why, and the session
 * becomes what the rest of its log makes it (replayed through the state machine). A step a later
 * step depends on (the check-in of a patient since seated) is refused with 409, naming it.
 */
@Injectable()
export class EnterStepInErrorUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: EnterStepInErrorCommand): Promise<LoadedSession> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, c: EnterStepInErrorCommand): Promise<LoadedSession> {
    const session = await lockSession(tx.manager, c.appointmentId, c.organisationId);
    if (c.locationId !== session.locationId) throw ProblemException.notFound('Session', c.appointmentId);
    if (c.expectedVersion !== undefined && c.expectedVersion !== session.version) {
      throw ProblemException.conflict(
        'version-mismatch',
        `Session ${session.appointmentId} is at version ${session.version}, not ${c.expectedVersion}. Reload and try again.`,
        { currentVersion: session.version },
      );
    }
    const rows = (await tx.manager.query(
      `SELECT st.seq, st.kind, st.occurred_at, st.details, (e.seq IS NOT NULL) AS in_error
         FROM session_step st LEFT JOIN session_step_error e ON e.session_id = st.session_id AND e.seq = st.seq
        WHERE st.session_id = $1 ORDER BY st.seq`,
      [session.appointmentId],
    )) as StepRow[];
    const target =
      'seq' in c.step
        ? rows.find((r) => r.seq === (c.step as { seq: number }).seq)
        : rows.filter((r) => r.kind === (c.step as { latestOfKind: CommandKind }).latestOfKind && !r.in_error).at(-1);
    if (!target) {
      if ('seq' in c.step) throw ProblemException.notFound('Step', `${c.appointmentId}/${c.step.seq}`);
      throw ProblemException.conflict('invalid-transition', `The session has no ${c.step.latestOfKind} to undo.`, {
        sessionStatus: session.status,
      });
    }
    if (target.in_error)
      throw ProblemException.conflict('already-entered-in-error', `Step ${target.seq} is already entered in error.`);
    if (NOT_CORRECTABLE.includes(target.kind))
      throw ProblemException.conflict('not-correctable', `A ${target.kind} step cannot be entered in error at the chair.`);

    const remaining: LoggedStep[] = rows
      .filter((r) => !r.in_error && r.seq !== target.seq)
      .map((r) => ({ seq: r.seq, kind: r.kind, at: new Date(r.occurred_at).getTime(), details: r.details }));
    const result = replay(session.state, remaining);
    if (!result.ok) {
      throw ProblemException.conflict(
        'correction-conflict',
        `Step ${result.refusedSeq} (${result.refusedKind}) depends on step ${target.seq} (${target.kind}): enter it in error first.`,
        { dependentSeq: result.refusedSeq, dependentKind: result.refusedKind },
      );
    }
    await tx.manager.insert(SessionStepErrorRecord, {
      sessionId: session.appointmentId,
      seq: target.seq,
      reason: c.reason,
      actorId: c.actorId,
      recordedAt: c.now,
    });
    session.state = result.state;
    const details = target.details;
    await publishAbout(tx, session, SessionStepEnteredInErrorV1, {
      ...sessionRef(session, c.actorId, c.now),
      seq: target.seq,
      stepKind: target.kind,
      stepOccurredAt: new Date(target.occurred_at).toISOString(),
      ...(typeof details.reactionId === 'string' ? { reactionId: details.reactionId } : {}),
      ...(typeof details.medicationId === 'string' ? { medicationId: details.medicationId } : {}),
      reason: c.reason,
      sessionStatus: result.state.status,
    });
    await updateSession(tx.manager, session, {
      status: result.state.status,
      state: result.state,
      projectedEndsAt: new Date(projectedEnd(result.state, c.now.getTime())),
      version: session.version + 1,
    });
    return session;
  }
}
