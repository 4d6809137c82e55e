import { Injectable } from '@nestjs/common';
import { AppointmentAtRiskV1, type AT_RISK_CAUSES } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { Appointment } from '../appointment.entity.js';
import { appointmentRef } from '../appointment-changes.js';
import { wallClock } from '../local-time.js';
import { MINUTE } from '@chairside/domain';

export interface MarkAtRiskCommand {
  overrunAppointmentId: string;
  locationId: string;
  chairId: string;
  nurseId: string;
  plannedEndsAt: Date;
  projectedEndsAt: Date;
  now: Date;
}

/**
 * A session projected to run late puts at risk the next treatments that need its chair (until
 * the overrun plus that chair's turnover) or its nurse (starts she would have to make while
 * still finishing). Each gets appointment.at-risk with the likely delay.
 */
@Injectable()
export class MarkAtRiskUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: MarkAtRiskCommand): Promise<Appointment[]> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the inbox transaction of the session event that projected the overrun. */
  async inTransaction(tx: Transaction, command: MarkAtRiskCommand): Promise<Appointment[]> {
    const overrun = await tx.manager.findOneBy(Appointment, { id: command.overrunAppointmentId });
    const turnover = overrun ? overrun.chairReleasedAt.getTime() - overrun.endsAt.getTime() : 0;
    const chairFreeAt = command.projectedEndsAt.getTime() + turnover;
    const later = await tx.manager
      .createQueryBuilder(Appointment, 'a')
      .where(
        `a.location_id = :location AND a.status IN ('proposed', 'booked') AND a.id <> :overrun AND a.starts_at >= :planned`,
        { location: command.locationId, overrun: command.overrunAppointmentId, planned: command.plannedEndsAt },
      )
      .andWhere(`((a.chair_id = :chair AND a.starts_at < :chairFreeAt) OR (a.nurse_id = :nurse AND a.starts_at < :projected))`, {
        chair: command.chairId,
        chairFreeAt: new Date(chairFreeAt),
        nurse: command.nurseId,
        projected: command.projectedEndsAt,
      })
      .orderBy('a.starts_at')
      .setLock('pessimistic_write')
      .getMany();
    if (!later.length) return [];
    const [{ time_zone: zone }] = (await tx.manager.query('SELECT time_zone FROM location WHERE id = $1', [
      command.locationId,
    ])) as [{ time_zone: string }];
    for (const appointment of later) {
      const cause: (typeof AT_RISK_CAUSES)[number] = appointment.chairId === command.chairId ? 'chair_overrun' : 'nurse_overrun';
      const projectedStart = cause === 'chair_overrun' ? chairFreeAt : command.projectedEndsAt.getTime();
      const delayMinutes = Math.max(1, Math.ceil((projectedStart - appointment.startsAt.getTime()) / MINUTE));
      appointment.atRiskSince ??= command.now;
      appointment.atRiskFrom = command.overrunAppointmentId;
      appointment.version += 1;
      await tx.manager.save(appointment);
      await tx.publish(
        AppointmentAtRiskV1,
        {
          ...appointmentRef(appointment, zone),
          cause,
          overrunAppointmentId: command.overrunAppointmentId,
          projectedStartsAt: new Date(projectedStart).toISOString(),
          localProjectedStart: wallClock(projectedStart, zone),
          delayMinutes,
          detectedAt: command.now.toISOString(),
        },
        { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
      );
    }
    return later;
  }
}
