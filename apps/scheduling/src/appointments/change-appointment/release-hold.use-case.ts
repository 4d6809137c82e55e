import { Injectable } from '@nestjs/common';
import { AppointmentHoldExpiredV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { Appointment } from '../appointment.entity.js';
import { appointmentRef, type AppointmentTarget, lockForChange } from './appointment-changes.js';

export interface ReleaseHoldCommand extends AppointmentTarget {
  now: Date;
}

/** Ends a hold without booking it (released by staff, or lapsed); its time is free again. */
@Injectable()
export class ReleaseHoldUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ReleaseHoldCommand): Promise<Appointment> {
    return this.unitOfWork.run(async (tx) => {
      const { appointment, timeZone } = await lockForChange(tx.manager, command, ['proposed'], 'released');
      await releaseHold(tx, appointment, timeZone, command.now);
      return appointment;
    });
  }

  /**
   * Lapses holds whose time is up, a batch at a time. SKIP LOCKED lets several instances sweep
   * at once and never waits on a hold someone is booking right now.
   */
  async expireDue(now: Date, batch = 100): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const due = await tx.manager
        .createQueryBuilder(Appointment, 'a')
        .where(`a.status = 'proposed' AND a.hold_expires_at <= :now`, { now })
        .orderBy('a.hold_expires_at')
        .limit(batch)
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
      for (const appointment of due) await releaseHold(tx, appointment, zones.get(appointment.locationId)!, now);
      return due.length;
    });
  }
}

async function releaseHold(tx: Transaction, appointment: Appointment, timeZone: string, now: Date): Promise<void> {
  appointment.status = 'cancelled';
  appointment.cancelledAt = now;
  appointment.cancellationReason = 'hold_expired';
  appointment.holdExpiresAt = null;
  appointment.version += 1;
  await tx.manager.save(appointment);
  await tx.publish(
    AppointmentHoldExpiredV1,
    { ...appointmentRef(appointment, timeZone), expiredAt: now.toISOString() },
    { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
  );
}
