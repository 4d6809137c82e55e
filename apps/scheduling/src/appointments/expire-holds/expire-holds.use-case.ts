import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@chairside/messaging';
import { Appointment } from '../appointment.entity.js';
import { endHold } from '../appointment-changes.js';

export interface ExpireHoldsCommand {
  now: Date;
  /** At most this many holds in one transaction. */
  batch?: number;
}

/**
 * Lapses holds whose time is up, a batch at a time; returns how many. SKIP LOCKED lets several
 * instances sweep at once and never waits on a hold someone is booking right now.
 */
@Injectable()
export class ExpireHoldsUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ExpireHoldsCommand): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const due = await tx.manager
        .createQueryBuilder(Appointment, 'a')
        .where(`a.status = 'proposed' AND a.hold_expires_at <= :now`, { now: command.now })
        .orderBy('a.hold_expires_at')
        .limit(command.batch ?? 100)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (!due.length) return 0;
      const zones = new Map(
        (
          (await tx.manager.query('SELECT id, time_zone FROM location WHERE id = ANY($1)', [
            [...new Set(due.map((a) => a.locationId))],
          ])) as Array<{ id: string; time_zone: string }>
        ).map((l) => [l.id, l.time_zone]),
      );
      for (const appointment of due) await endHold(tx, appointment, zones.get(appointment.locationId)!, command.now);
      return due.length;
    });
  }
}
