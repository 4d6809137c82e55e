import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { RecordSessionStepUseCase } from '../../session-lifecycle/record-session-step/record-session-step.use-case.js';
import { lockSession } from '../../sessions/session-store.js';
import { RejectLateEventUseCase } from '../reject-late-event/reject-late-event.use-case.js';

export interface EndExpectedSessionCommand {
  appointmentId: string;
  /** Scheduling's decision. */
  kind: 'cancel' | 'no-show';
  eventId: string;
  eventType: string;
  /** When scheduling decided (the event's time). */
  at: Date;
}

/**
 * Applies scheduling's cancellation or no-show to the session; one that comes too late (the
 * patient is already here) is reported, not forced.
 */
@Injectable()
export class EndExpectedSessionUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly steps: RecordSessionStepUseCase,
    private readonly reject: RejectLateEventUseCase,
  ) {}

  execute(command: EndExpectedSessionCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, c: EndExpectedSessionCommand): Promise<void> {
    // A refused step must not undo the rest of the caller's transaction (the inbox row).
    await tx.manager.query('SAVEPOINT follow');
    try {
      await this.steps.inTransaction(tx, {
        appointmentId: c.appointmentId,
        command: { kind: c.kind },
        actorId: 'scheduling',
        now: c.at,
      });
      await tx.manager.query('RELEASE SAVEPOINT follow');
    } catch (error) {
      if (!(error instanceof ProblemException) || error.problem.status >= 500) throw error;
      await tx.manager.query('ROLLBACK TO SAVEPOINT follow');
      // Not known here: a session that was never booked (a hold) has nothing to follow.
      if (error.problem.status === 404) return;
      const session = await lockSession(tx.manager, c.appointmentId);
      await this.reject.inTransaction(tx, {
        session,
        eventId: c.eventId,
        eventType: c.eventType,
        reason: String(error.problem.detail),
        at: c.at,
      });
    }
  }
}
