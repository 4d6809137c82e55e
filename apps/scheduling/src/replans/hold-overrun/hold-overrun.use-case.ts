import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { Appointment, HOLDS_TIME } from '../../appointments/appointment.entity.js';

export interface HoldOverrunCommand {
  appointmentId: string;
  locationId: string;
  /** When the session's patient is now expected to leave the chair. */
  projectedEndsAt: Date;
}

/**
 * A session projected to run late keeps its chair (and turnover), its nurse's monitoring and its
 * patient until the projected end, so nothing new is booked into time that is in fact occupied.
 * The hold only grows. It is held in `overrun_ends_at`, which the slot engine reads; the planned
 * times, version and events stay, because the plan did not change, sessions' projection did (its
 * event is the record).
 *
 * A placement serialises on the nurse shifts covering its start; the hold takes the locks of every
 * shift at the location that the held time touches (in id order, as placements do), so a booking
 * deciding on the old hold and the hold growing never interleave.
 */
@Injectable()
export class HoldOverrunUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: HoldOverrunCommand): Promise<Appointment | null> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the inbox transaction of the session event that projected the overrun. */
  async inTransaction(tx: Transaction, c: HoldOverrunCommand): Promise<Appointment | null> {
    const appointment = await tx.manager
      .createQueryBuilder(Appointment, 'a')
      .where(`a.id = :id AND a.location_id = :location AND a.status IN ${HOLDS_TIME}`, {
        id: c.appointmentId,
        location: c.locationId,
      })
      .getOne();
    const heldUntil = appointment && (appointment.overrunEndsAt ?? appointment.endsAt);
    if (!appointment || !heldUntil || c.projectedEndsAt <= heldUntil) return null;
    const turnover = appointment.chairReleasedAt.getTime() - appointment.endsAt.getTime();
    await tx.manager.query(
      `SELECT s.id FROM nurse_shift s JOIN nurse n ON n.id = s.nurse_id
        WHERE n.location_id = $1 AND s.starts_at < $3 AND s.ends_at > $2 ORDER BY s.id FOR UPDATE OF s`,
      [c.locationId, heldUntil, new Date(c.projectedEndsAt.getTime() + turnover)],
    );
    await tx.manager.query(
      `UPDATE appointment SET overrun_ends_at = $2 WHERE id = $1 AND (overrun_ends_at IS NULL OR overrun_ends_at < $2)`,
      [appointment.id, c.projectedEndsAt],
    );
    appointment.overrunEndsAt = c.projectedEndsAt;
    return appointment;
  }
}
