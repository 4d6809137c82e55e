import { Injectable } from '@nestjs/common';
import type { AppointmentRescheduledV1, DataOf } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { lockSession, updateSession } from '../../sessions/session-store.js';
import { RejectLateEventUseCase } from '../reject-late-event/reject-late-event.use-case.js';
import { MINUTE } from '@chairside/domain';

export interface MoveSessionCommand {
  reschedule: DataOf<typeof AppointmentRescheduledV1>;
  eventId: string;
  at: Date;
}

/** Sessions of a patient who is here and not yet done: chair and nurse may still change. */
const HERE: ReadonlySet<string> = new Set(['arrived', 'in_chair', 'infusing', 'paused', 'observation']);

/** A moved appointment moves its session, unless the patient is already here (then only chair or nurse may change). */
@Injectable()
export class MoveSessionUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reject: RejectLateEventUseCase,
  ) {}

  execute(command: MoveSessionCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { reschedule: d, eventId, at }: MoveSessionCommand): Promise<void> {
    const session = await lockSession(tx.manager, d.appointmentId).catch(() => undefined);
    if (!session) return;
    if (HERE.has(session.status) && d.startsAt === d.previousStartsAt) {
      // A patient who is here moved to another chair or nurse (scheduling's move-patient, a re-plan
      // at the same time): the session follows; its times and steps stay as they are.
      await updateSession(tx.manager, session, { chairId: d.chairId, nurseId: d.nurseId, version: session.version + 1 });
      return;
    }
    if (session.status !== 'expected') {
      await this.reject.inTransaction(tx, {
        session,
        eventId,
        eventType: 'chairside.scheduling.appointment.rescheduled.v1',
        reason: 'The patient has already checked in; the session was not moved.',
        at,
      });
      return;
    }
    const plannedStart = Date.parse(d.startsAt);
    const plannedEnd = Date.parse(d.endsAt);
    const observationMinutes = Math.round((plannedEnd - plannedStart) / MINUTE) - d.durationMinutes;
    const state = { ...session.state, plannedStart, plannedEnd, durationMinutes: d.durationMinutes, observationMinutes };
    await updateSession(tx.manager, session, {
      chairId: d.chairId,
      nurseId: d.nurseId,
      plannedStartsAt: new Date(plannedStart),
      plannedEndsAt: new Date(plannedEnd),
      localDate: d.localStart.slice(0, 10),
      projectedEndsAt: new Date(plannedEnd),
      state,
      version: session.version + 1,
    });
  }
}
