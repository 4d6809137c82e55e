import { Injectable } from '@nestjs/common';
import { AppointmentWaitlistOfferedV1 } from '@chairside/contracts';
import type { TherapyDefinition } from '@chairside/domain';
import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { BookAppointmentUseCase } from '../../appointments/book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from '../../appointments/center-state.repository.js';
import { appointmentRef } from '../../appointments/change-appointment/appointment-changes.js';
import { effectiveTherapy, treatmentRequest } from '../../appointments/treatment-request.js';
import { HOUR, MINUTE } from '../../slot-search/center.js';
import { findSlots } from '../../slot-search/find-slots.js';
import { WaitlistRequest } from '../waitlist-request.entity.js';

export interface OfferFreedTimeCommand {
  locationId: string;
  /** The freed stretch: a slot for a waitlisted request must start inside it. */
  from: Date;
  to: Date;
  now: Date;
  freedByAppointmentId?: string;
  /** A request whose offer just lapsed is not offered the same time again. */
  skipRequestId?: string;
}

/** How long a waitlisted patient has to take an offered slot. */
export const WAITLIST_OFFER_MINUTES = Number(process.env.WAITLIST_OFFER_MINUTES ?? 120);

/**
 * When time frees up, the oldest waiting request that fits it (therapy, its window, the
 * patient's other treatments) is offered the best-ranked slot there, as a hold.
 * One offer per freed stretch: if it lapses, the next request gets its turn.
 */
@Injectable()
export class OfferFreedTimeUseCase {
  constructor(
    private readonly book: BookAppointmentUseCase,
    private readonly centers: CenterStateRepository,
  ) {}

  async execute(tx: Transaction, command: OfferFreedTimeCommand): Promise<WaitlistRequest | undefined> {
    if (command.to.getTime() <= command.now.getTime()) return undefined;
    const waiting = await tx.manager
      .createQueryBuilder(WaitlistRequest, 'w')
      .where(`w.location_id = :location AND w.status = 'waiting' AND w.earliest < :to AND w.latest > :from AND (:skip::uuid IS NULL OR w.id <> :skip)`, {
        location: command.locationId,
        from: command.from,
        to: command.to,
        skip: command.skipRequestId ?? null,
      })
      .orderBy('w.created_at')
      .limit(20)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    if (!waiting.length) return undefined;
    const [{ organisation_id: organisationId }] = (await tx.manager.query('SELECT organisation_id FROM location WHERE id = $1', [command.locationId])) as [{ organisation_id: string }];
    const center = await this.centers.load(tx.manager, { locationId: command.locationId, organisationId, from: new Date(command.from.getTime() - 24 * HOUR), to: new Date(command.to.getTime() + 36 * HOUR) });
    if (!center) return undefined;
    for (const request of waiting) {
      const from = Math.max(request.earliest.getTime(), command.from.getTime(), command.now.getTime());
      const to = Math.min(request.latest.getTime(), command.to.getTime());
      if (to <= from) continue;
      const therapy = effectiveTherapy(request.therapyCode, (await this.therapyOverride(tx, organisationId, request)) ?? null);
      const wanted = treatmentRequest(request.patientId, therapy, request.durationMinutes);
      const busy = await this.patientBusy(tx, request.patientId, from, to);
      const [best] = findSlots(center, wanted, { from, to, now: command.now.getTime(), limit: 1, ...(request.preferredFrom && request.preferredTo ? { preferredLocal: { from: request.preferredFrom, to: request.preferredTo } } : {}) }, busy);
      if (!best) continue;
      // A savepoint: a refused placement (an exclusion constraint firing) must not abort the caller's transaction.
      await tx.manager.query('SAVEPOINT waitlist_offer');
      try {
        const hold = await this.book.inTransaction(tx, {
          organisationId,
          locationId: request.locationId,
          patientId: request.patientId,
          therapyCode: request.therapyCode,
          durationMinutes: request.durationMinutes,
          startsAt: new Date(best.start),
          chairId: best.chairId,
          nurseId: best.nurseId,
          now: command.now,
          holdMinutes: WAITLIST_OFFER_MINUTES,
          waitlistRequestId: request.id,
        });
        request.status = 'offered';
        request.offeredAppointmentId = hold.id;
        request.version += 1;
        await tx.manager.save(request);
        await tx.publish(
          AppointmentWaitlistOfferedV1,
          {
            ...appointmentRef(hold, center.calendar.timeZone),
            waitlistRequestId: request.id,
            offerExpiresAt: new Date(command.now.getTime() + WAITLIST_OFFER_MINUTES * MINUTE).toISOString(),
            ...(command.freedByAppointmentId ? { freedByAppointmentId: command.freedByAppointmentId } : {}),
          },
          { aggregateId: hold.id, aggregateSequence: hold.version, locationId: hold.locationId },
        );
        await tx.manager.query('RELEASE SAVEPOINT waitlist_offer');
        return request;
      } catch (error) {
        // Placement re-checks under the shift locks; a refusal means another request or booking took it.
        if (!(error instanceof ProblemException)) throw error;
        await tx.manager.query('ROLLBACK TO SAVEPOINT waitlist_offer');
      }
    }
    return undefined;
  }

  private async therapyOverride(tx: Transaction, organisationId: string, request: WaitlistRequest) {
    const [row] = (await tx.manager.query('SELECT settings FROM therapy_setting WHERE organisation_id = $1 AND therapy_code = $2', [organisationId, request.therapyCode])) as Array<{ settings: TherapyDefinition }>;
    return row?.settings;
  }

  private async patientBusy(tx: Transaction, patientId: string, from: number, to: number) {
    const rows = (await tx.manager.query(`SELECT starts_at, ends_at FROM appointment WHERE patient_id = $1 AND status IN ('proposed', 'booked', 'arrived', 'checked-in') AND starts_at < $3 AND ends_at > $2`, [patientId, new Date(from - 24 * HOUR), new Date(to + 24 * HOUR)])) as Array<{ starts_at: Date; ends_at: Date }>;
    return rows.map((r) => ({ start: r.starts_at.getTime(), end: r.ends_at.getTime() }));
  }
}
