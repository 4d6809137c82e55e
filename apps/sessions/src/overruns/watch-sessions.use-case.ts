import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { VitalsOverdueV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { projectedEnd } from '../session-lifecycle/session-machine.js';
import { Session } from '../sessions/session.entity.js';
import { publishAbout, SessionRecords, sessionRef } from '../sessions/session-records.js';
import { announceOverrun } from './announce-overrun.js';

const MINUTE = 60_000;
const BATCH = 200;

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
  ) {}

  async execute(now: Date, overdueGraceMinutes = 5): Promise<{ overruns: number; overdue: number }> {
    const overdue = await this.unitOfWork.run(async (tx) => {
      const due = await tx.manager
        .createQueryBuilder(Session, 's')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where(`s.status IN ('infusing', 'paused') AND s.nextVitalsDueAt < :cutoff`, { cutoff: new Date(now.getTime() - overdueGraceMinutes * MINUTE) })
        .andWhere(new Brackets((w) => w.where('s.overdueReportedFor IS NULL').orWhere('s.overdueReportedFor <> s.nextVitalsDueAt')))
        .orderBy('s.nextVitalsDueAt')
        .limit(BATCH)
        .getMany();
      for (const session of due) {
        await publishAbout(tx, session, VitalsOverdueV1, { ...sessionRef(session, 'sessions', now), dueAt: session.nextVitalsDueAt!.toISOString(), ...(session.lastVitalsAt ? { lastTakenAt: session.lastVitalsAt.toISOString() } : {}) });
        await this.sessions.update(tx.manager, session, {});
        // Copied in SQL: the due time may carry microseconds a JavaScript Date would drop, and then never match.
        await tx.manager.query('UPDATE session SET overdue_reported_for = next_vitals_due_at WHERE appointment_id = $1', [session.appointmentId]);
      }
      return due.length;
    });

    const overruns = await this.unitOfWork.run(async (tx) => {
      const live = await tx.manager
        .createQueryBuilder(Session, 's')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where(`s.status IN ('arrived', 'in_chair', 'infusing', 'paused', 'observation') AND s.projectedEndsAt < :horizon`, { horizon: new Date(now.getTime() + 24 * 60 * MINUTE) })
        .orderBy('s.plannedEndsAt')
        .limit(BATCH * 5)
        .getMany();
      let announced = 0;
      for (const session of live) {
        const projected = projectedEnd(session.state, now.getTime());
        const before = session.overrunAnnouncedUntil?.getTime();
        const until = await announceOverrun(tx, session, projected, now);
        if (until?.getTime() !== before) announced++;
        // The board's projection, refreshed when it moved by a minute or more.
        if (until?.getTime() !== before || Math.abs(projected - session.projectedEndsAt.getTime()) >= MINUTE) {
          await this.sessions.update(tx.manager, session, { projectedEndsAt: new Date(projected), overrunAnnouncedUntil: until });
        }
      }
      return announced;
    });
    return { overruns, overdue };
  }
}
