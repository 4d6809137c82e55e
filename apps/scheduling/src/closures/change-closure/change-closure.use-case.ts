import { Injectable } from '@nestjs/common';
import { LocationClosureChangedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { lockLocationForChange } from '../../locations/resource-gate.js';
import { type AffectedAppointment, flagForReplan, lockAffected, unflagWithdrawn } from '../../staffing/affected-appointments.js';
import type { AddedClosure } from '../add-closure/add-closure.use-case.js';
import { closureInstants } from '../closure-time.js';
import { LocationClosure } from '../location-closure.entity.js';
import { closureToChange } from '../closure-to-change.js';

export interface ChangeClosureCommand {
  organisationId: string;
  locationId: string;
  closureId: string;
  /** A new local date; the closure keeps its times (or stays a holiday). */
  date?: string;
  /** New local times, both; `null` for both makes it a holiday (the whole day). */
  from?: string | null;
  to?: string | null;
  reason?: string;
  /** From If-Match: the closure version the caller last saw. */
  expectedVersion?: number;
  now: Date;
}

export interface ChangedClosure extends AddedClosure {
  /** Appointments the old time covered and the new one does not, that nothing else disturbs: no longer at risk. */
  unflaggedAppointments: AffectedAppointment[];
}

/** As far ahead as a closure may be added. */
const MAX_DAYS_AHEAD = 731;

/**
 * A closure's new date, times or reason (the training moves to the afternoon). Appointments the
 * new time covers and the old one did not are flagged for re-planning and listed; those the old
 * time covered were handed over when it was added. Time it no longer covers takes bookings again
 * without moving anyone back, and the appointments there that it had flagged are un-flagged as if
 * it had been removed (unflagWithdrawn: unless something else still disturbs them), so the flags
 * follow the edited time. A closure already over is kept as it happened (409).
 */
@Injectable()
export class ChangeClosureUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(c: ChangeClosureCommand): Promise<ChangedClosure> {
    if (c.date === undefined && c.from === undefined && c.to === undefined && c.reason === undefined)
      throw ProblemException.validation([{ field: 'date', reason: 'give a new date, from and to, or reason' }]);
    if ((c.from === undefined) !== (c.to === undefined) || (c.from === null) !== (c.to === null))
      throw ProblemException.validation([
        {
          field: c.from === undefined || c.from === null ? 'from' : 'to',
          reason: 'give both from and to for part of a day, or both null for the whole day',
        },
      ]);
    return this.unitOfWork.run(async (tx) => {
      const location = await lockLocationForChange(tx, c);
      const closure = await closureToChange(tx.manager, c);
      const date = c.date ?? closure.localDate;
      const from = c.from === undefined ? closure.localFrom : c.from;
      const to = c.to === undefined ? closure.localTo : c.to;
      const reason = c.reason ?? closure.reason;
      const { startsAt, endsAt } = closureInstants(date, from ?? undefined, to ?? undefined, location.timeZone);
      if (endsAt <= c.now) throw ProblemException.validation([{ field: 'date', reason: 'must not be over already' }]);
      if (startsAt.getTime() > c.now.getTime() + MAX_DAYS_AHEAD * 86_400_000)
        throw ProblemException.validation([{ field: 'date', reason: `must be within ${MAX_DAYS_AHEAD} days` }]);
      const [overlap] = (await tx.manager.query(
        'SELECT id FROM location_closure WHERE location_id = $1 AND id <> $4 AND starts_at < $3 AND ends_at > $2 LIMIT 1',
        [c.locationId, startsAt, endsAt, closure.id],
      )) as Array<{ id: string }>;
      if (overlap)
        throw ProblemException.conflict('closure-overlap', 'The location is already closed for part of that time.', {
          closureId: overlap.id,
        });
      const moved = startsAt.getTime() !== closure.startsAt.getTime() || endsAt.getTime() !== closure.endsAt.getTime();
      let affectedAppointments: AffectedAppointment[] = [];
      if (moved) {
        const covered = await lockAffected(
          tx,
          `a.location_id = :location AND a.starts_at < :to AND a.ends_at > :from AND a.ends_at > :now
           AND NOT (a.starts_at < :oldTo AND a.ends_at > :oldFrom)`,
          { location: c.locationId, from: startsAt, to: endsAt, now: c.now, oldFrom: closure.startsAt, oldTo: closure.endsAt },
        );
        affectedAppointments = await flagForReplan(tx, covered, { now: c.now, cause: 'location_closure', causeId: closure.id });
      }
      const version = closure.version + 1;
      await tx.manager.update(
        LocationClosure,
        { id: closure.id },
        { localDate: date, localFrom: from, localTo: to, startsAt, endsAt, reason, version },
      );
      // After the update: unflagWithdrawn checks that no closure (this one as it is now) still covers them.
      const unflaggedAppointments = moved
        ? await unflagWithdrawn(
            tx,
            'a.location_id = :location AND a.starts_at < :oldTo AND a.ends_at > :oldFrom AND NOT (a.starts_at < :to AND a.ends_at > :from)',
            { location: c.locationId, from: startsAt, to: endsAt, oldFrom: closure.startsAt, oldTo: closure.endsAt },
            { now: c.now, cause: 'location_closure', causeId: closure.id },
          )
        : [];
      const locationVersion = location.version + 1;
      await tx.manager.query('UPDATE location SET version = $2 WHERE id = $1', [c.locationId, locationVersion]);
      const changed: ChangedClosure = {
        id: closure.id,
        locationId: c.locationId,
        kind: from === null ? 'holiday' : 'partial-day',
        date,
        from,
        to,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        reason,
        version,
        affectedAppointments,
        unflaggedAppointments,
      };
      await tx.publish(
        LocationClosureChangedV1,
        {
          closureId: closure.id,
          locationId: c.locationId,
          kind: changed.kind,
          date,
          ...(from !== null ? { from } : {}),
          ...(to !== null ? { to } : {}),
          startsAt: changed.startsAt,
          endsAt: changed.endsAt,
          reason,
          version,
          affectedAppointmentIds: affectedAppointments.map((a) => a.appointmentId),
        },
        { aggregateId: c.locationId, aggregateSequence: locationVersion, locationId: c.locationId },
      );
      return changed;
    });
  }
}
