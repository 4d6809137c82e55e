import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '@chairside/messaging';
import { projectedEnd } from '../../session-lifecycle/session-machine.js';
import { Session } from '../../sessions/session.entity.js';
import { inSmallTransactions, updateSession } from '../../sessions/session-store.js';
import { announceOverrun, WATCHED_STATUSES, wouldAnnounce } from '../announce-overrun.js';
import { MINUTE } from '@chairside/domain';

export interface ProjectOverrunsCommand {
  now: Date;
  /** Only the sessions at these locations: an organisation whose test clock was moved (PUT /test/clock). */
  onlyLocationIds?: readonly string[];
  /** Not the sessions at these locations: they follow their organisation's moved clock. */
  exceptLocationIds?: readonly string[];
}

/**
 * With no one touching the session, a paused infusion or a patient waiting for a chair pushes
 * the end later. Moves the board's projection and announces a real slip once. Sessions are read
 * without locks, then only the ones whose projection moved are claimed with SKIP LOCKED, so two
 * instances never announce the same slip.
 */
@Injectable()
export class ProjectOverrunsUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The number of overruns announced. */
  async execute({ now, onlyLocationIds, exceptLocationIds }: ProjectOverrunsCommand): Promise<number> {
    const query = this.dataSource
      .getRepository(Session)
      .createQueryBuilder('s')
      .where('s.status IN (:...watched)', { watched: [...WATCHED_STATUSES] });
    if (onlyLocationIds) query.andWhere('s.location_id = ANY(:only)', { only: [...onlyLocationIds] });
    if (exceptLocationIds?.length) query.andWhere('NOT (s.location_id = ANY(:except))', { except: [...exceptLocationIds] });
    const live = await query.getMany();
    const moved = live.filter((session) => projectionMoved(session, now.getTime())).map((session) => session.appointmentId);
    return inSmallTransactions(this.unitOfWork, moved, async (tx, locked) => {
      let announced = 0;
      for (const session of locked) {
        if (!projectionMoved(session, now.getTime())) continue;
        const projected = projectedEnd(session.state, now.getTime());
        const before = session.overrunAnnouncedUntil?.getTime();
        const until = await announceOverrun(tx, session, projected, now);
        if (until?.getTime() !== before) announced++;
        await updateSession(tx.manager, session, { projectedEndsAt: new Date(projected), overrunAnnouncedUntil: until });
      }
      return announced;
    });
  }
}

/** The board's projection is a minute or more off, or a slip is due to be announced. */
function projectionMoved(session: Session, now: number): boolean {
  const projected = projectedEnd(session.state, now);
  return Math.abs(projected - session.projectedEndsAt.getTime()) >= MINUTE || wouldAnnounce(session, projected);
}
