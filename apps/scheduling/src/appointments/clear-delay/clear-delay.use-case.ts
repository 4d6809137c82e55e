import { Injectable } from '@nestjs/common';
import { AppointmentDelayClearedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { Appointment } from '../appointment.entity.js';
import { appointmentRef } from '../appointment-changes.js';

export interface ClearDelayCommand {
  /** The session (its appointment) that ended: discharged, perhaps early. */
  overrunAppointmentId: string;
  actualEndsAt: Date;
  now: Date;
}

/**
 * An overrunning session ended: the later appointments it put at risk are no longer at risk when
 * its chair (after the chair's turnover) is free by their planned start, or, for those that only
 * shared its nurse, when the nurse is. Each such appointment leaves the at-risk queue (a newer
 * version, so an open re-plan proposal for it is stale) and `appointment.delay-cleared` lets
 * notifications tell a patient who was warned that the visit is back on time. Appointments that
 * start before the chair frees stay at risk: the patient waits, and the day board shows it.
 */
@Injectable()
export class ClearDelayUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ClearDelayCommand): Promise<Appointment[]> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the inbox transaction of sessions' discharged event. */
  async inTransaction(tx: Transaction, command: ClearDelayCommand): Promise<Appointment[]> {
    const overrun = await tx.manager.findOneBy(Appointment, { id: command.overrunAppointmentId });
    if (!overrun) return [];
    const atRisk = await tx.manager
      .createQueryBuilder(Appointment, 'a')
      .where(`a.location_id = :location AND a.at_risk_from = :overrun AND a.status = 'booked' AND a.starts_at > :now`, {
        location: overrun.locationId,
        overrun: overrun.id,
        now: command.now,
      })
      .orderBy('a.starts_at')
      .setLock('pessimistic_write')
      .getMany();
    if (!atRisk.length) return [];
    const turnover = overrun.chairReleasedAt.getTime() - overrun.endsAt.getTime();
    const end = command.actualEndsAt.getTime();
    const cleared = atRisk.filter((a) => (a.chairId === overrun.chairId ? end + turnover : end) <= a.startsAt.getTime());
    if (!cleared.length) return [];
    const [{ time_zone: zone }] = (await tx.manager.query('SELECT time_zone FROM location WHERE id = $1', [
      overrun.locationId,
    ])) as [{ time_zone: string }];
    for (const appointment of cleared) {
      appointment.atRiskSince = null;
      appointment.atRiskFrom = null;
      appointment.version += 1;
      await tx.manager.save(appointment);
      await tx.publish(
        AppointmentDelayClearedV1,
        {
          ...appointmentRef(appointment, zone),
          overrunAppointmentId: overrun.id,
          clearedAt: command.now.toISOString(),
        },
        { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
      );
    }
    return cleared;
  }
}
