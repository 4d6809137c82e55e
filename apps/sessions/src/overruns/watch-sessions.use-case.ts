import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { VitalsOverdueV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { projectedEnd } from '../session-lifecycle/session-machine.js';
import { Session } from '../sessions/session.entity.js';
import { publishAbout, SessionRecords, sessionRef } from '../sessions/session-records.js';
import { announceOverrun, WATCHED_STATUSES, wouldAnnounce } from './announce-overrun.js';
import { vitalsDueAt } from '../vitals/vitals-due.js';
import { MINUTE } from '@chairside/domain';
const CHUNK = 10;

/**
 * What changes with time alone, with no one touching the session: a paused infusion or a patient
 * waiting for a chair pushes the end later, and vitals fall due. Sessions are claimed with SKIP
 * LOCKED, so two instances never announce the same thing, and each announcement is remembered
 * on the row (once per slip, once per missed due time).
 */
@Injectable()
export class WatchSessionsUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly sessions: SessionRecords,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(now: Date, overdueGraceMinutes = 5): Promise<{ overruns: number; overdue: number }> {
    const cutoff = now.getTime() - overdueGraceMinutes * MINUTE;
    // Read without locks (vitals keep writing), then lock only the sessions found overdue and check again.
    const running = await this.dataSource.getRepository(Session).find({ where: { status: In(['infusing', 'paused']) } });
    const candidates = running.filter((session) => isNewlyOverdue(session, cutoff)).map((session) => session.appointmentId);
    const overdue = await this.inSmallTransactions(candidates, async (tx, locked) => {
      let reported = 0;
      for (const session of locked) {
        if (!isNewlyOverdue(session, cutoff)) continue;
        const due = vitalsDueAt(session)!;
        await publishAbout(tx, session, VitalsOverdueV1, {
          ...sessionRef(session, 'sessions', now),
          dueAt: new Date(due).toISOString(),
          ...(session.lastVitalsAt ? { lastTakenAt: session.lastVitalsAt.toISOString() } : {}),
        });
        await this.sessions.update(tx.manager, session, { overdueReportedFor: new Date(due) });
        reported++;
      }
      return reported;
    });

    // The same for projections: read, pick the sessions whose projection moved, lock only those.
    const live = await this.dataSource.getRepository(Session).find({ where: { status: In([...WATCHED_STATUSES]) } });
    const moved = live.filter((session) => projectionMoved(session, now.getTime())).map((session) => session.appointmentId);
    const overruns = await this.inSmallTransactions(moved, async (tx, locked) => {
      let announced = 0;
      for (const session of locked) {
        if (!projectionMoved(session, now.getTime())) continue;
        const projected = projectedEnd(session.state, now.getTime());
        const before = session.overrunAnnouncedUntil?.getTime();
        const until = await announceOverrun(tx, session, projected, now);
        if (until?.getTime() !== before) announced++;
        await this.sessions.update(tx.manager, session, { projectedEndsAt: new Date(projected), overrunAnnouncedUntil: until });
      }
      return announced;
    });
    return { overruns, overdue };
  }

  /**
   * Locks a few sessions at a time (skipping any a nurse is writing to) so a pass over hundreds of
   * sessions never holds the rows a vitals write is waiting for more than a moment.
   */
  private async inSmallTransactions(
    ids: string[],
    work: (tx: Transaction, locked: Session[]) => Promise<number>,
  ): Promise<number> {
    let total = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      total += await this.unitOfWork.run(async (tx) => {
        const locked = await tx.manager
          .createQueryBuilder(Session, 's')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .whereInIds(ids.slice(i, i + CHUNK))
          .getMany();
        return work(tx, locked);
      });
    }
    return total;
  }
}

/** Vitals due before the cutoff, and that due time not reported yet. */
function isNewlyOverdue(session: Session, cutoff: number): boolean {
  const due = vitalsDueAt(session);
  return due !== null && due < cutoff && session.overdueReportedFor?.getTime() !== due;
}

/** The board's projection is a minute or more off, or a slip is due to be announced. */
function projectionMoved(session: Session, now: number): boolean {
  const projected = projectedEnd(session.state, now);
  return Math.abs(projected - session.projectedEndsAt.getTime()) >= MINUTE || wouldAnnounce(session, projected);
}
