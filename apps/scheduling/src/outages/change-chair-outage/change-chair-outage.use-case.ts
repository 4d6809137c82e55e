import { Injectable } from '@nestjs/common';
import { ChairOutageChangedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { lockLocationForChange } from '../../locations/resource-gate.js';
import { type AffectedAppointment, flagForReplan, lockAffected, unflagWithdrawn } from '../../staffing/affected-appointments.js';
import { ChairOutage } from '../chair-outage.entity.js';
import { lockChair, nextChairEvent } from '../chair-lock.js';
import { checkOutageSpan } from '../outage-span.js';

export interface ChangeChairOutageCommand {
  organisationId: string;
  locationId: string;
  chairId: string;
  outageId: string;
  startsAt?: Date;
  endsAt?: Date;
  reason?: string;
  /** From If-Match: the outage version the caller last saw. */
  expectedVersion?: number;
  now: Date;
}

export interface ChangedOutage {
  id: string;
  chairId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  version: number;
  /** Appointments the new period covers and the old one did not: flagged for re-planning. */
  affectedAppointments: AffectedAppointment[];
  /** Appointments the old period covered and the new one does not, that nothing else disturbs: no longer at risk. */
  unflaggedAppointments: AffectedAppointment[];
}

/**
 * A scheduled outage's new period or reason (the repair takes longer, or less). Appointments the
 * new period newly covers are flagged for re-planning and listed; those the old period already
 * covered were handed over when it was scheduled. A period that shrinks or moves frees time without
 * moving anyone back, and the appointments there that it had flagged are un-flagged as if it had
 * been cancelled (unflagWithdrawn: unless something else still disturbs them), so the flags follow
 * the edited period. A change of the reason alone affects nobody.
 */
@Injectable()
export class ChangeChairOutageUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(c: ChangeChairOutageCommand): Promise<ChangedOutage> {
    if (c.startsAt === undefined && c.endsAt === undefined && c.reason === undefined)
      throw ProblemException.validation([{ field: 'startsAt', reason: 'give a new startsAt, endsAt or reason' }]);
    // Both given: the span is known before any lock; one given: once the outage is read, before its appointments are.
    if (c.startsAt && c.endsAt) checkOutageSpan(c.startsAt, c.endsAt);
    return this.unitOfWork.run(async (tx) => {
      await lockLocationForChange(tx, c);
      const chair = await lockChair(tx, c);
      const outage = await tx.manager.findOne(ChairOutage, {
        where: { id: c.outageId, chairId: c.chairId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!outage) throw ProblemException.notFound('Outage', c.outageId);
      if (c.expectedVersion !== undefined && c.expectedVersion !== outage.version)
        throw ProblemException.conflict(
          'version-mismatch',
          `Outage ${outage.id} is at version ${outage.version}, not ${c.expectedVersion}. Reload and try again.`,
          { currentVersion: outage.version },
        );
      if (outage.cancelledAt) throw ProblemException.conflict('outage-cancelled', 'The outage is cancelled.');
      if (outage.endsAt <= c.now)
        throw ProblemException.conflict('outage-over', 'The outage is over: it is kept as it happened.');
      const startsAt = c.startsAt ?? outage.startsAt;
      const endsAt = c.endsAt ?? outage.endsAt;
      checkOutageSpan(startsAt, endsAt);
      const reason = c.reason ?? outage.reason;
      const moved = startsAt.getTime() !== outage.startsAt.getTime() || endsAt.getTime() !== outage.endsAt.getTime();
      if (!moved && reason === outage.reason) return { ...view(outage), affectedAppointments: [], unflaggedAppointments: [] };
      const sequence = await nextChairEvent(tx, chair);
      let affectedAppointments: AffectedAppointment[] = [];
      if (moved) {
        const covered = await lockAffected(
          tx,
          `a.chair_id = :chair AND a.starts_at < :to AND a.chair_released_at > :from AND a.chair_released_at > :now
           AND NOT (a.starts_at < :oldTo AND a.chair_released_at > :oldFrom)`,
          { chair: c.chairId, from: startsAt, to: endsAt, now: c.now, oldFrom: outage.startsAt, oldTo: outage.endsAt },
        );
        affectedAppointments = await flagForReplan(tx, covered, { now: c.now, cause: 'chair_outage', causeId: outage.id });
      }
      const previous = { startsAt: outage.startsAt, endsAt: outage.endsAt };
      outage.startsAt = startsAt;
      outage.endsAt = endsAt;
      outage.reason = reason;
      outage.version += 1;
      await tx.manager.update(ChairOutage, { id: outage.id }, { startsAt, endsAt, reason, version: outage.version });
      // After the update: unflagWithdrawn checks that no live outage (this one as it is now) still covers them.
      const unflaggedAppointments = moved
        ? await unflagWithdrawn(
            tx,
            `a.chair_id = :chair AND a.starts_at < :oldTo AND a.chair_released_at > :oldFrom
             AND NOT (a.starts_at < :to AND a.chair_released_at > :from)`,
            { chair: c.chairId, from: startsAt, to: endsAt, oldFrom: previous.startsAt, oldTo: previous.endsAt },
            { now: c.now, cause: 'chair_outage', causeId: outage.id },
          )
        : [];
      const changed = { ...view(outage), affectedAppointments, unflaggedAppointments };
      await tx.publish(
        ChairOutageChangedV1,
        {
          outageId: outage.id,
          chairId: c.chairId,
          locationId: c.locationId,
          startsAt: changed.startsAt,
          endsAt: changed.endsAt,
          reason,
          affectedAppointmentIds: affectedAppointments.map((a) => a.appointmentId),
        },
        { aggregateId: c.chairId, aggregateSequence: sequence, locationId: c.locationId },
      );
      return changed;
    });
  }
}

function view(o: ChairOutage): Omit<ChangedOutage, 'affectedAppointments' | 'unflaggedAppointments'> {
  return {
    id: o.id,
    chairId: o.chairId,
    startsAt: o.startsAt.toISOString(),
    endsAt: o.endsAt.toISOString(),
    reason: o.reason,
    version: o.version,
  };
}
