import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LocationClosureAddedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { lockLocationForChange } from '../../locations/resource-gate.js';
import { type AffectedAppointment, flagForReplan, lockAffected } from '../../staffing/affected-appointments.js';
import { closureInstants } from '../closure-time.js';
import { LocationClosure } from '../location-closure.entity.js';

export interface AddClosureCommand {
  organisationId: string;
  locationId: string;
  /** Local date in the location's zone. */
  date: string;
  /** Local 'HH:mm' times of a partial-day closure; both left out for a holiday. */
  from?: string;
  to?: string;
  reason: string;
  now: Date;
  /** With an Idempotency-Key, a retry returns the first response and adds no second closure. */
  idempotency?: IdempotencyRequest;
}

export interface AddedClosure {
  id: string;
  locationId: string;
  kind: 'holiday' | 'partial-day';
  date: string;
  from: string | null;
  to: string | null;
  startsAt: string;
  endsAt: string;
  reason: string;
  /** 1 when added: send it as If-Match to change or remove the closure. */
  version: number;
  /** Appointments in the closed time: flagged for re-planning. */
  affectedAppointments: AffectedAppointment[];
}

/** A closure is recorded at most this far ahead: a holiday calendar, not a far future. */
const MAX_DAYS_AHEAD = 731;

/**
 * The location closes for a holiday or part of a day: nothing is booked then (slot search and
 * booking read closures as time out of service on every chair), and appointments in it are flagged
 * at risk, handed to the re-plan and listed.
 */
@Injectable()
export class AddClosureUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(c: AddClosureCommand): Promise<IdempotentOutcome<AddedClosure>> {
    if ((c.from === undefined) !== (c.to === undefined))
      throw ProblemException.validation([
        {
          field: c.from === undefined ? 'from' : 'to',
          reason: 'give both from and to for part of a day, or neither for a holiday',
        },
      ]);
    // The answer is already the view: what a retry with the same key replays.
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(
        tx,
        c.idempotency,
        () => this.add(tx, c),
        (closure) => closure,
      ),
    );
  }

  private async add(tx: Transaction, c: AddClosureCommand): Promise<AddedClosure> {
    const location = await lockLocationForChange(tx, c);
    const { startsAt, endsAt } = closureInstants(c.date, c.from, c.to, location.timeZone);
    if (endsAt <= c.now) throw ProblemException.validation([{ field: 'date', reason: 'must not be over already' }]);
    if (startsAt.getTime() > c.now.getTime() + MAX_DAYS_AHEAD * 86_400_000)
      throw ProblemException.validation([{ field: 'date', reason: `must be within ${MAX_DAYS_AHEAD} days` }]);
    const [overlap] = (await tx.manager.query(
      'SELECT id FROM location_closure WHERE location_id = $1 AND starts_at < $3 AND ends_at > $2 LIMIT 1',
      [c.locationId, startsAt, endsAt],
    )) as Array<{ id: string }>;
    if (overlap)
      throw ProblemException.conflict('closure-overlap', 'The location is already closed for part of that time.', {
        closureId: overlap.id,
      });
    const closure = tx.manager.create(LocationClosure, {
      id: randomUUID(),
      locationId: c.locationId,
      localDate: c.date,
      localFrom: c.from ?? null,
      localTo: c.to ?? null,
      startsAt,
      endsAt,
      reason: c.reason,
    });
    await tx.manager.insert(LocationClosure, closure);
    const closed = await lockAffected(
      tx,
      'a.location_id = :location AND a.starts_at < :to AND a.ends_at > :from AND a.ends_at > :now',
      {
        location: c.locationId,
        from: startsAt,
        to: endsAt,
        now: c.now,
      },
    );
    const affectedAppointments = await flagForReplan(tx, closed, {
      now: c.now,
      cause: 'location_closure',
      causeId: closure.id,
    });
    const version = location.version + 1;
    await tx.manager.query('UPDATE location SET version = $2 WHERE id = $1', [c.locationId, version]);
    const added: AddedClosure = {
      id: closure.id,
      locationId: c.locationId,
      kind: c.from === undefined ? 'holiday' : 'partial-day',
      date: c.date,
      from: c.from ?? null,
      to: c.to ?? null,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      reason: c.reason,
      version: 1,
      affectedAppointments,
    };
    await tx.publish(
      LocationClosureAddedV1,
      {
        closureId: closure.id,
        locationId: c.locationId,
        kind: added.kind,
        date: c.date,
        ...(c.from !== undefined ? { from: c.from } : {}),
        ...(c.to !== undefined ? { to: c.to } : {}),
        startsAt: added.startsAt,
        endsAt: added.endsAt,
        reason: c.reason,
        affectedAppointmentIds: affectedAppointments.map((a) => a.appointmentId),
      },
      // The location's events are numbered by its version (registered, updated, hours set, closures).
      { aggregateId: c.locationId, aggregateSequence: version, locationId: c.locationId },
    );
    return added;
  }
}
