import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ChairOutageScheduledV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome } from '@chairside/platform';
import { lockLocationForChange } from '../../locations/resource-gate.js';
import { type AffectedAppointment, flagForReplan, lockAffected } from '../../staffing/affected-appointments.js';
import { ChairOutage } from '../chair-outage.entity.js';
import { lockChair, nextChairEvent } from '../chair-lock.js';
import { checkOutageSpan } from '../outage-span.js';

export interface ScheduleChairOutageCommand {
  organisationId: string;
  locationId: string;
  chairId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  now: Date;
  /** With an Idempotency-Key, a retry returns the first response and schedules no second outage. */
  idempotency?: IdempotencyRequest;
}

export interface ScheduledOutage {
  id: string;
  chairId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  version: number;
  /** Appointments still to come on the chair during the outage: flagged for re-planning, as a sick call's. */
  affectedAppointmentIds: string[];
  affectedAppointments: AffectedAppointment[];
}

/**
 * The chair takes no new bookings in that period. Appointments still to come on it then stay booked,
 * are flagged at risk and handed to the re-plan (appointment.needs-replan), and are listed.
 */
@Injectable()
export class ScheduleChairOutageUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: ScheduleChairOutageCommand): Promise<IdempotentOutcome<ScheduledOutage>> {
    checkOutageSpan(command.startsAt, command.endsAt);
    // The answer is already the view: what a retry with the same key replays.
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(
        tx,
        command.idempotency,
        () => this.schedule(tx, command),
        (outage) => outage,
      ),
    );
  }

  private async schedule(tx: Transaction, command: ScheduleChairOutageCommand): Promise<ScheduledOutage> {
    const { chairId, locationId, startsAt, endsAt, reason } = command;
    // The location row, then the chair's: a booking on this chair cannot slip in unseen while the outage is recorded.
    await lockLocationForChange(tx, command);
    const sequence = await nextChairEvent(tx, await lockChair(tx, command));
    const outage = tx.manager.create(ChairOutage, { id: randomUUID(), chairId, startsAt, endsAt, reason, version: 1 });
    await tx.manager.insert(ChairOutage, outage);
    const covered = await lockAffected(
      tx,
      'a.chair_id = :chair AND a.starts_at < :to AND a.chair_released_at > :from AND a.chair_released_at > :now',
      { chair: chairId, from: startsAt, to: endsAt, now: command.now },
    );
    const affectedAppointments = await flagForReplan(tx, covered, {
      now: command.now,
      cause: 'chair_outage',
      causeId: outage.id,
    });
    const affectedAppointmentIds = affectedAppointments.map((a) => a.appointmentId);
    const scheduled = {
      id: outage.id,
      chairId,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      reason,
      version: outage.version,
      affectedAppointmentIds,
      affectedAppointments,
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
      { aggregateId: chairId, aggregateSequence: sequence, locationId },
    );
    return scheduled;
  }
}
