import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ChairOutageScheduledV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { HOLDS_TIME } from '../../appointments/appointment.entity.js';
import { ChairOutage } from '../chair-outage.entity.js';

export interface ScheduleChairOutageCommand {
  organisationId: string;
  locationId: string;
  chairId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

export interface ScheduledOutage {
  id: string;
  chairId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  /** Appointments on the chair during the outage: they stay booked until someone moves them. */
  affectedAppointmentIds: string[];
}

/** The chair takes no new bookings in that period; appointments already on it are listed, not moved. */
@Injectable()
export class ScheduleChairOutageUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: ScheduleChairOutageCommand): Promise<ScheduledOutage> {
    const { chairId, locationId, startsAt, endsAt, reason } = command;
    if (endsAt <= startsAt) throw ProblemException.validation([{ field: 'endsAt', reason: 'must be after startsAt' }]);
    return this.unitOfWork.run(async (tx) => {
      // The chair row lock keeps a booking on this chair from slipping in unseen while the outage is recorded.
      const [chair] = (await tx.manager.query(
        `SELECT c.id FROM chair c JOIN location l ON l.id = c.location_id WHERE c.id = $1 AND c.location_id = $2 AND l.organisation_id = $3 FOR UPDATE OF c`,
        [chairId, locationId, command.organisationId],
      )) as unknown[];
      if (!chair) throw ProblemException.notFound('Chair', chairId);
      // The chair's events are added (1), then one per outage scheduled and one per outage cancelled.
      const [{ n: earlierOutages }] = (await tx.manager.query(
        'SELECT (count(*) + count(cancelled_at))::int AS n FROM chair_outage WHERE chair_id = $1',
        [chairId],
      )) as [{ n: number }];
      const outage = tx.manager.create(ChairOutage, { id: randomUUID(), chairId, startsAt, endsAt, reason });
      await tx.manager.insert(ChairOutage, outage);
      const affectedAppointmentIds = (
        (await tx.manager.query(
          `SELECT id FROM appointment WHERE chair_id = $1 AND status IN ${HOLDS_TIME} AND starts_at < $3 AND chair_released_at > $2 ORDER BY starts_at`,
          [chairId, startsAt, endsAt],
        )) as Array<{ id: string }>
      ).map((a) => a.id);
      const scheduled = {
        id: outage.id,
        chairId,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        reason,
        affectedAppointmentIds,
      };
      await tx.publish(
        ChairOutageScheduledV1,
        {
          outageId: outage.id,
          chairId,
          locationId,
          startsAt: scheduled.startsAt,
          endsAt: scheduled.endsAt,
          reason,
          affectedAppointmentIds,
        },
        { aggregateId: chairId, aggregateSequence: 2 + earlierOutages, locationId },
      );
      return scheduled;
    });
  }
}
