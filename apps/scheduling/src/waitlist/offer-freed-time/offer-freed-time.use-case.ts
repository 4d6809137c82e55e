import { Inject, Injectable } from '@nestjs/common';
import { AppointmentWaitlistOfferedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { SchedulingConfig } from '../../config/scheduling.config.js';
import { BookAppointmentUseCase } from '../../appointments/book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from '../../appointments/center-state.repository.js';
import { appointmentRef } from '../../appointments/appointment-changes.js';
import { tryPlacement } from '../../appointments/place-treatment.js';
import { treatmentRequest } from '../../appointments/treatment-request.js';
import { HOUR } from '@chairside/domain';
import { findSlots } from '../../slot-search/find-slots.js';
import { WaitlistRequest } from '../waitlist-request.entity.js';
import { OrganisationTherapy } from '../../catalog/organisation-therapy.entity.js';
import { placementTherapy } from '../../catalog/organisation-therapies.js';
import { bestMatches } from './best-match.js';

export interface OfferFreedTimeCommand {
  locationId: string;
  /** The freed stretch: a slot for a waitlisted request must start inside it. */
  from: Date;
  to: Date;
  now: Date;
  freedByAppointmentId?: string;
  /** A request whose offer just lapsed is not offered the same time again. */
  skipRequestId?: string;
  /** The therapy the freed time was booked for: a request for the same therapy matches best. */
  freedTherapyCode?: string;
}

/**
 * When time frees up, the best-matching waiting request whose window overlaps it (best-match.ts:
 * therapy, duration, preferred days and time of day, distance from the date asked for, waiting time) and
 * that fits (the patient's other treatments) is offered the best-ranked slot there, as a hold.
 * One offer per freed stretch: if it lapses, the next best request gets its turn.
 */
@Injectable()
export class OfferFreedTimeUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly book: BookAppointmentUseCase,
    private readonly centers: CenterStateRepository,
    /** WAITLIST_OFFER_MINUTES: how long a waitlisted patient has to take an offered slot. */
    @Inject(SERVICE_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  execute(command: OfferFreedTimeCommand): Promise<WaitlistRequest | undefined> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the inbox transaction of the event that freed the time, or a use case that freed it. */
  async inTransaction(tx: Transaction, command: OfferFreedTimeCommand): Promise<WaitlistRequest | undefined> {
    if (command.to.getTime() <= command.now.getTime()) return undefined;
    const waiting = await tx.manager
      .createQueryBuilder(WaitlistRequest, 'w')
      .where(
        `w.location_id = :location AND w.status = 'waiting' AND w.earliest < :to AND w.latest > :from AND (:skip::uuid IS NULL OR w.id <> :skip)`,
        {
          location: command.locationId,
          from: command.from,
          to: command.to,
          skip: command.skipRequestId ?? null,
        },
      )
      .orderBy('w.created_at')
      .limit(200)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    if (!waiting.length) return undefined;
    const [location] = (await tx.manager.query('SELECT time_zone FROM location WHERE id = $1', [command.locationId])) as Array<{
      time_zone: string;
    }>;
    if (!location) return undefined;
    const freed = {
      from: command.from,
      to: command.to,
      timeZone: location.time_zone,
      ...(command.freedTherapyCode ? { therapyCode: command.freedTherapyCode } : {}),
    };
    // Placement is tried for the best 20: bounded work per freed stretch.
    for (const request of bestMatches(waiting, freed, command.now).slice(0, 20)) {
      const from = Math.max(request.earliest.getTime(), command.from.getTime(), command.now.getTime());
      const to = Math.min(request.latest.getTime(), command.to.getTime());
      if (to <= from) continue;
      // Per request: the patient's other treatments and the organisation's values for the therapy differ.
      const context = await this.centers.context(tx.manager, {
        locationId: request.locationId,
        patientId: request.patientId,
        therapyCode: request.therapyCode,
      });
      if (!context?.patientKnown) continue;
      const center = await this.centers.load(tx.manager, {
        locationId: request.locationId,
        organisationId: context.organisationId,
        from: new Date(from - 24 * HOUR),
        to: new Date(to + 36 * HOUR),
        patientId: request.patientId,
      });
      if (!center) continue;
      // A therapy the organisation defined is offered with its own values, as it would be booked.
      const own = request.therapyId ? await tx.manager.findOneBy(OrganisationTherapy, { id: request.therapyId }) : null;
      const outcome = await tryPlacement(tx.manager, async () => {
        const wanted = treatmentRequest(
          request.patientId,
          own ? placementTherapy(own) : context.therapy,
          request.durationMinutes,
        );
        const preferredLocal =
          request.preferredFrom && request.preferredTo
            ? { preferredLocal: { from: request.preferredFrom, to: request.preferredTo } }
            : {};
        const [best] = findSlots(
          center,
          wanted,
          { from, to, now: command.now.getTime(), limit: 1, ...preferredLocal },
          center.patientBusy,
        );
        if (!best) return undefined;
        return this.book.inTransaction(tx, {
          organisationId: context.organisationId,
          locationId: request.locationId,
          patientId: request.patientId,
          therapyCode: request.therapyCode,
          ...(own ? { therapyId: own.id } : {}),
          durationMinutes: request.durationMinutes,
          startsAt: new Date(best.start),
          chairId: best.chairId,
          nurseId: best.nurseId,
          now: command.now,
          holdMinutes: this.config.WAITLIST_OFFER_MINUTES,
          waitlistRequestId: request.id,
        });
      });
      // No slot, or placement refused it (another request or booking took it, the catalog moved): next request.
      if (!outcome || outcome instanceof ProblemException) continue;
      request.status = 'offered';
      request.offeredAppointmentId = outcome.id;
      request.version += 1;
      await tx.manager.save(request);
      await tx.publish(
        AppointmentWaitlistOfferedV1,
        {
          ...appointmentRef(outcome, context.timeZone),
          waitlistRequestId: request.id,
          offerExpiresAt: outcome.holdExpiresAt!.toISOString(),
          ...(command.freedByAppointmentId ? { freedByAppointmentId: command.freedByAppointmentId } : {}),
        },
        { aggregateId: outcome.id, aggregateSequence: outcome.version, locationId: outcome.locationId },
      );
      return request;
    }
    return undefined;
  }
}
