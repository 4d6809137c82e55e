import { Injectable } from '@nestjs/common';
import { SessionEventRejectedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import type { Session } from '../../sessions/session.entity.js';
import { publishAbout } from '../../sessions/session-events.js';
import { updateSession } from '../../sessions/session-store.js';

export interface RejectLateEventCommand {
  /** Locked by the caller. */
  session: Session;
  eventId: string;
  eventType: string;
  reason: string;
  at: Date;
}

/** A late or out-of-order event from scheduling is reported for someone to reconcile, not applied. */
@Injectable()
export class RejectLateEventUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: RejectLateEventCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { session, eventId, eventType, reason, at }: RejectLateEventCommand): Promise<void> {
    await publishAbout(tx, session, SessionEventRejectedV1, {
      appointmentId: session.appointmentId,
      locationId: session.locationId,
      rejectedEventId: eventId,
      rejectedEventType: eventType,
      sessionStatus: session.status,
      reason,
      rejectedAt: at.toISOString(),
    });
    await updateSession(tx.manager, session, {});
  }
}
