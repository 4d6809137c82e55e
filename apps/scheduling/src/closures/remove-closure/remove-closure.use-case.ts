import { Injectable } from '@nestjs/common';
import { LocationClosureRemovedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { lockLocationForChange } from '../../locations/resource-gate.js';
import { type AffectedAppointment, unflagWithdrawn } from '../../staffing/affected-appointments.js';
import { LocationClosure } from '../location-closure.entity.js';
import { closureToChange } from '../closure-to-change.js';

export interface RemoveClosureCommand {
  organisationId: string;
  locationId: string;
  closureId: string;
  /** From If-Match: the closure version the caller last saw. */
  expectedVersion?: number;
  now: Date;
}

export interface RemovedClosure {
  id: string;
  locationId: string;
  startsAt: string;
  endsAt: string;
  removedAt: string;
  /** Appointments it had flagged that nothing else disturbs: no longer at risk, their proposals for it superseded. */
  unflaggedAppointments: AffectedAppointment[];
}

/**
 * The location opens after all in a closure's time (a holiday entered by mistake): the closure is
 * removed and its time takes bookings again. Appointments it had flagged leave the at-risk queue,
 * their open proposals for it superseded, unless something else still disturbs them
 * (unflagWithdrawn); nothing that was already moved is moved back. A closure
 * already over is kept as it happened (409). Slot search and booking read closures from this table,
 * so the row goes; the event keeps what it was.
 */
@Injectable()
export class RemoveClosureUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(c: RemoveClosureCommand): Promise<RemovedClosure> {
    return this.unitOfWork.run(async (tx) => {
      const location = await lockLocationForChange(tx, c);
      const closure = await closureToChange(tx.manager, c);
      await tx.manager.delete(LocationClosure, { id: closure.id });
      const version = location.version + 1;
      await tx.manager.query('UPDATE location SET version = $2 WHERE id = $1', [c.locationId, version]);
      const unflaggedAppointments = await unflagWithdrawn(
        tx,
        'a.location_id = :location AND a.starts_at < :to AND a.ends_at > :from',
        { location: c.locationId, from: closure.startsAt, to: closure.endsAt },
        { now: c.now, cause: 'location_closure', causeId: closure.id },
      );
      const removed: RemovedClosure = {
        id: closure.id,
        locationId: c.locationId,
        startsAt: closure.startsAt.toISOString(),
        endsAt: closure.endsAt.toISOString(),
        removedAt: c.now.toISOString(),
        unflaggedAppointments,
      };
      await tx.publish(
        LocationClosureRemovedV1,
        {
          closureId: closure.id,
          locationId: c.locationId,
          startsAt: removed.startsAt,
          endsAt: removed.endsAt,
          removedAt: removed.removedAt,
        },
        // The location's events are numbered by its version, as when the closure was added.
        { aggregateId: c.locationId, aggregateSequence: version, locationId: c.locationId },
      );
      return removed;
    });
  }
}
