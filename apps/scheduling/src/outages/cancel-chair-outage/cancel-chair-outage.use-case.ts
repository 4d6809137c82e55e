import { Injectable } from '@nestjs/common';
import { ChairOutageCancelledV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { type AffectedAppointment, unflagWithdrawn } from '../../staffing/affected-appointments.js';
import { ChairOutage } from '../chair-outage.entity.js';
import { lockChair, nextChairEvent } from '../chair-lock.js';
import { lockReplans } from '../../replans/replan-lock.js';

export interface CancelChairOutageCommand {
  organisationId: string;
  locationId: string;
  chairId: string;
  outageId: string;
  reason?: string;
  now: Date;
}

export interface CancelledOutage {
  id: string;
  chairId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  cancelledAt: string;
  cancellationReason: string | null;
  /** Appointments it had flagged that nothing else disturbs: no longer at risk, their proposals for it superseded. */
  unflaggedAppointments: AffectedAppointment[];
}

/**
 * The chair is back in service for the outage's period (the pump came back early): kept, marked
 * cancelled, published; the appointments it had flagged leave the at-risk queue unless something
 * else still disturbs them (unflagWithdrawn).
 */
@Injectable()
export class CancelChairOutageUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(c: CancelChairOutageCommand): Promise<CancelledOutage> {
    return this.unitOfWork.run(async (tx) => {
      // It un-flags appointments and supersedes their proposals: the re-plan lock first (replan-lock.ts).
      await lockReplans(tx, c.locationId);
      // The chair row orders its events, as when the outage was scheduled.
      const chair = await lockChair(tx, c);
      const outage = await tx.manager.findOneBy(ChairOutage, { id: c.outageId, chairId: c.chairId });
      if (!outage) throw ProblemException.notFound('Outage', c.outageId);
      if (outage.cancelledAt)
        throw ProblemException.conflict('outage-cancelled', 'The outage is already cancelled.', {
          cancelledAt: outage.cancelledAt.toISOString(),
        });
      if (outage.endsAt <= c.now)
        throw ProblemException.conflict('outage-over', 'The outage is over: it is kept as it happened.');
      const sequence = await nextChairEvent(tx, chair);
      await tx.manager.update(ChairOutage, { id: outage.id }, { cancelledAt: c.now, cancellationReason: c.reason ?? null });
      const unflaggedAppointments = await unflagWithdrawn(
        tx,
        'a.chair_id = :chair AND a.starts_at < :to AND a.chair_released_at > :from',
        { chair: c.chairId, from: outage.startsAt, to: outage.endsAt },
        { now: c.now, cause: 'chair_outage', causeId: outage.id },
      );
      const cancelled: CancelledOutage = {
        id: outage.id,
        chairId: c.chairId,
        startsAt: outage.startsAt.toISOString(),
        endsAt: outage.endsAt.toISOString(),
        reason: outage.reason,
        cancelledAt: c.now.toISOString(),
        cancellationReason: c.reason ?? null,
        unflaggedAppointments,
      };
      await tx.publish(
        ChairOutageCancelledV1,
        {
          outageId: outage.id,
          chairId: c.chairId,
          locationId: c.locationId,
          startsAt: cancelled.startsAt,
          endsAt: cancelled.endsAt,
          cancelledAt: cancelled.cancelledAt,
          ...(c.reason ? { reason: c.reason } : {}),
        },
        { aggregateId: c.chairId, aggregateSequence: sequence, locationId: c.locationId },
      );
      return cancelled;
    });
  }
}
