import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { VitalsOverdueV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { Session } from '../../sessions/session.entity.js';
import { publishAbout, sessionRef } from '../../sessions/session-events.js';
import { inSmallTransactions, updateSession } from '../../sessions/session-store.js';
import { vitalsDueAt } from '../vitals-due.js';
import { MINUTE } from '@chairside/domain';

export interface ReportOverdueVitalsCommand {
  now: Date;
  /** Vitals this late past their due time are reported. */
  graceMinutes: number;
}

/**
 * Vitals fall due with time alone. Reports each missed due time once (remembered on the row).
 * Reads without locks (vitals keep writing), then locks only the sessions found overdue, with
 * SKIP LOCKED, and checks again.
 */
@Injectable()
export class ReportOverdueVitalsUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The number of sessions reported overdue. */
  async execute({ now, graceMinutes }: ReportOverdueVitalsCommand): Promise<number> {
    const cutoff = now.getTime() - graceMinutes * MINUTE;
    const running = await this.dataSource.getRepository(Session).find({ where: { status: In(['infusing', 'paused']) } });
    const candidates = running.filter((session) => isNewlyOverdue(session, cutoff)).map((session) => session.appointmentId);
    return inSmallTransactions(this.unitOfWork, candidates, async (tx, locked) => {
      let reported = 0;
      for (const session of locked) {
        if (!isNewlyOverdue(session, cutoff)) continue;
        const due = vitalsDueAt(session)!;
        await publishAbout(tx, session, VitalsOverdueV1, {
          ...sessionRef(session, 'sessions', now),
          dueAt: new Date(due).toISOString(),
          ...(session.lastVitalsAt ? { lastTakenAt: session.lastVitalsAt.toISOString() } : {}),
        });
        await updateSession(tx.manager, session, { overdueReportedFor: new Date(due) });
        reported++;
      }
      return reported;
    });
  }
}

/** Vitals due before the cutoff, and that due time not reported yet. */
function isNewlyOverdue(session: Session, cutoff: number): boolean {
  const due = vitalsDueAt(session);
  return due !== null && due < cutoff && session.overdueReportedFor?.getTime() !== due;
}
