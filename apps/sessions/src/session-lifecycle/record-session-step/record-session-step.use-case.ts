import { Injectable } from '@nestjs/common';
import {
  InfusionCompletedV1,
  InfusionPausedV1,
  InfusionRateChangedV1,
  InfusionResumedV1,
  InfusionStartedV1,
  InfusionStoppedEarlyV1,
  MedicationAdministeredV1,
  ReactionRecordedV1,
  SessionAccessEstablishedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionDrugReadyV1,
  SessionEndedEarlyV1,
  SessionSeatedV1,
  SevereReactionV1,
} from '@chairside/contracts';
import { protocolFor, SEVERE_REACTION_GRADE, MINUTE } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { idempotent, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { decide, projectedEnd, type SessionCommand, type SessionStep } from '../session-machine.js';
import { sessionView } from '../session-view.js';
import type { Session } from '../../sessions/session.entity.js';
import { publishAbout, sessionRef } from '../../sessions/session-events.js';
import { type LoadedSession, lockSession, updateSession } from '../../sessions/session-store.js';
import { announceOverrun } from '../../overruns/announce-overrun.js';
import { MAX_SESSION_STEPS, stepFits } from '../../sessions/session-limits.js';

export interface RecordSessionStepCommand {
  appointmentId: string;
  /** The step, or how to make it from the locked session (e.g. a discharge that reads the reactions). */
  command: SessionCommand | ((session: Session) => SessionCommand);
  /** Staff member (token subject), or the service that sent the event. */
  actorId: string;
  now: Date;
  deviceTime?: Date;
  /** From HTTP: the caller's organisation (another's sessions read as missing). */
  organisationId?: string;
  /** If-Match. */
  expectedVersion?: number;
  /** From HTTP: the location in the path (the guard checked the caller may act there). */
  locationId?: string;
  /**
   * With an Idempotency-Key (steps that add to the chart: a reaction, a medication), a retry gets
   * the first answer, with the endpoint's `status`, and charts nothing twice.
   */
  idempotency?: IdempotencyRequest & { status: number };
}

/**
 * Records one step of an infusion: the state machine decides, the step joins the session's log,
 * and the events for downstream services go to the outbox, all in one transaction. A session's log
 * has at most MAX_SESSION_STEPS steps (session-limits.ts): the one past it is refused with 409.
 */
@Injectable()
export class RecordSessionStepUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: RecordSessionStepCommand): Promise<IdempotentOutcome<Session>> {
    const { idempotency } = command;
    return this.unitOfWork.runWithFinalWrite(async (tx) => {
      if (idempotency)
        return idempotent(
          tx,
          idempotency,
          idempotency.status,
          async () => ({ result: await this.inTransaction(tx, command) }),
          (s) => sessionView(s),
        );
      return { result: { replayed: false as const, status: 200, body: await this.inTransaction(tx, command) } };
    });
  }

  async inTransaction(tx: Transaction, c: RecordSessionStepCommand): Promise<LoadedSession> {
    const session = await lockSession(tx.manager, c.appointmentId, c.organisationId);
    if (c.locationId !== undefined && c.locationId !== session.locationId)
      throw ProblemException.notFound('Session', c.appointmentId);
    const command = typeof c.command === 'function' ? c.command(session) : c.command;
    if (c.expectedVersion !== undefined && c.expectedVersion !== session.version) {
      throw ProblemException.conflict(
        'version-mismatch',
        `Session ${session.appointmentId} is at version ${session.version}, not ${c.expectedVersion}. Reload and try again.`,
        { currentVersion: session.version },
      );
    }
    // The log's length is checked on the locked session, so two steps at once cannot both take the last place.
    if (!stepFits(session.stepCount, command.kind))
      throw ProblemException.conflict(
        'session-step-limit',
        `Session ${session.appointmentId} has ${session.stepCount} steps; a session records at most ${MAX_SESSION_STEPS}, the last few kept for ending the visit.`,
        { limit: MAX_SESSION_STEPS, stepCount: session.stepCount },
      );
    const decision = decide(session.state, command, c.now.getTime());
    if (!decision.accepted) {
      if (decision.field)
        throw ProblemException.validation([{ field: decision.field, reason: decision.reason }], decision.reason);
      throw ProblemException.conflict('invalid-transition', decision.reason, {
        sessionStatus: session.status,
        allowed: decision.allowed,
      });
    }
    const { state, step } = decision;
    const at = new Date(step.at);
    await tx.manager.query(
      `INSERT INTO session_step (session_id, seq, kind, from_status, to_status, actor_id, occurred_at, device_time, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        session.appointmentId,
        session.stepCount + 1,
        step.kind,
        step.from,
        step.to,
        c.actorId,
        at,
        c.deviceTime ?? null,
        JSON.stringify(step.details),
      ],
    );
    session.state = state;
    await this.publish(tx, session, step, command, c);
    const projected = projectedEnd(state, at.getTime());
    const announced = await announceOverrun(tx, session, projected, at);
    await updateSession(tx.manager, session, {
      status: state.status,
      state,
      projectedEndsAt: new Date(projected),
      overrunAnnouncedUntil: announced,
      stepCount: session.stepCount + 1,
      version: session.version + 1,
    });
    return session;
  }

  /** The events a step means for other services. Scheduling's own cancellations and no-shows are not repeated. */
  private async publish(
    tx: Transaction,
    session: Session,
    step: SessionStep,
    cmd: SessionCommand,
    c: RecordSessionStepCommand,
  ): Promise<void> {
    const at = new Date(step.at);
    const ref = sessionRef(session, c.actorId, at, c.deviceTime);
    const s = session.state;
    switch (cmd.kind) {
      case 'check-in':
        await publishAbout(tx, session, SessionCheckedInV1, {
          ...ref,
          plannedStartsAt: session.plannedStartsAt.toISOString(),
          lateMinutes: Math.round((step.at - session.plannedStartsAt.getTime()) / MINUTE),
        });
        return;
      case 'seat':
        await publishAbout(tx, session, SessionSeatedV1, ref);
        return;
      case 'drug-ready':
        await publishAbout(tx, session, SessionDrugReadyV1, ref);
        return;
      case 'establish-access':
        await publishAbout(tx, session, SessionAccessEstablishedV1, {
          ...ref,
          route: cmd.route,
          site: cmd.site,
          attempts: cmd.attempts,
          numbingSprayUsed: cmd.numbingSprayUsed,
        });
        return;
      case 'start':
        await publishAbout(tx, session, InfusionStartedV1, {
          ...ref,
          plannedStartsAt: session.plannedStartsAt.toISOString(),
          ...(cmd.rateMlPerHour !== undefined ? { rateMlPerHour: cmd.rateMlPerHour } : {}),
        });
        return;
      case 'pause':
        await publishAbout(tx, session, InfusionPausedV1, { ...ref, reason: cmd.reason });
        return;
      case 'resume':
        await publishAbout(tx, session, InfusionResumedV1, {
          ...ref,
          ratePercent: cmd.ratePercent,
          ...(cmd.rateMlPerHour !== undefined ? { rateMlPerHour: cmd.rateMlPerHour } : {}),
        });
        return;
      case 'change-rate':
        await publishAbout(tx, session, InfusionRateChangedV1, {
          ...ref,
          ratePercent: cmd.ratePercent,
          ...(cmd.rateMlPerHour !== undefined ? { rateMlPerHour: cmd.rateMlPerHour } : {}),
        });
        return;
      case 'complete':
        await publishAbout(tx, session, InfusionCompletedV1, {
          ...ref,
          infusingMinutes: Math.round(s.infusingMs / MINUTE),
          plannedDurationMinutes: s.durationMinutes,
        });
        return;
      case 'stop':
        await publishAbout(tx, session, InfusionStoppedEarlyV1, { ...ref, reason: cmd.reason });
        return;
      case 'discharge': {
        const plannedEndsAt = session.plannedEndsAt.toISOString();
        await publishAbout(tx, session, SessionDischargedV1, {
          ...ref,
          plannedEndsAt,
          actualEndsAt: at.toISOString(),
          mayDrive: cmd.mayDrive,
          escortRequired: cmd.escortRequired,
          stoppedEarly: s.stoppedAt !== undefined,
          // The patient's discharge message says it in the nurse's words (the internal topic only).
          ...(cmd.instructions?.trim() ? { instructions: cmd.instructions.trim() } : {}),
        });
        if (step.at < session.plannedEndsAt.getTime()) {
          await publishAbout(tx, session, SessionEndedEarlyV1, {
            appointmentId: session.appointmentId,
            locationId: session.locationId,
            chairId: session.chairId,
            nurseId: session.nurseId,
            plannedEndsAt,
            actualEndsAt: at.toISOString(),
          });
        }
        return;
      }
      case 'record-reaction': {
        const reaction = {
          ...ref,
          reactionId: cmd.reactionId,
          kind: cmd.reaction,
          ctcaeGrade: cmd.grade,
          actions: cmd.actions,
          outcome: cmd.outcome,
          protocolAction: protocolFor(cmd.grade),
          ...(cmd.override ? { override: cmd.override } : {}),
        };
        await publishAbout(tx, session, ReactionRecordedV1, reaction);
        if (cmd.grade >= SEVERE_REACTION_GRADE) await publishAbout(tx, session, SevereReactionV1, reaction);
        // A reaction that paused or stopped the drug is also that change, for consumers that follow the infusion.
        if (step.from === 'infusing' && step.to === 'paused')
          await publishAbout(tx, session, InfusionPausedV1, { ...ref, reason: s.pauseReason! });
        if (step.to === 'stopped' && step.from !== 'stopped')
          await publishAbout(tx, session, InfusionStoppedEarlyV1, { ...ref, reason: s.stopReason! });
        return;
      }
      case 'record-medication':
        await publishAbout(tx, session, MedicationAdministeredV1, {
          ...ref,
          medicationId: cmd.medicationId,
          drug: cmd.drug,
          dose: cmd.dose,
          doseUnit: cmd.doseUnit,
          volumeMl: cmd.volumeMl,
          route: cmd.route,
          lot: cmd.lot,
          administeredAt: cmd.administeredAt,
        });
        return;
      case 'record-vitals':
      case 'cancel':
      case 'no-show':
        return;
    }
  }
}
