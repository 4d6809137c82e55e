import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { TherapyCode } from '@chairside/domain';
import { ProblemException } from '@chairside/platform';
import { HOUR } from '@chairside/domain';
import { findSlots } from '../../slot-search/find-slots.js';
import { type CenterQuery, CenterStateRepository, type LoadedCenter } from '../center-state.repository.js';
import type { Slot } from '../../slot-search/center.js';
import type { OrganisationTherapy } from '../../catalog/organisation-therapy.entity.js';
import type { SlotView } from '../dto/appointment.dto.js';
import { effectiveTherapy, treatmentRequest } from '../treatment-request.js';
import { chosenTherapy } from '../book-appointment/book-appointment.use-case.js';
import { placementTherapy } from '../../catalog/organisation-therapies.js';

export interface SearchSlotsCriteria {
  organisationId: string;
  /** One location, or several of the organisation's: the best slots across all of them. */
  locationIds: string[];
  patientId: string;
  therapyCode?: TherapyCode;
  /** A therapy the organisation defined itself. */
  therapyId?: string;
  durationMinutes?: number;
  from: Date;
  to: Date;
  preferredLocal?: { from: string; to: string };
  limit: number;
  now: Date;
}

/**
 * Ranked slots for one treatment. One location is read in one statement; several in one
 * REPEATABLE READ snapshot, so the answer is consistent across them; ranking is comparable between locations because it is
 * relative to each center's own size. A query: it reads, never writes.
 */
@Injectable()
export class SearchSlotsQuery {
  constructor(
    private readonly centers: CenterStateRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(criteria: SearchSlotsCriteria): Promise<SlotView[]> {
    if (criteria.to <= criteria.from) throw ProblemException.validation([{ field: 'to', reason: 'must be after from' }]);
    if (criteria.to.getTime() - criteria.from.getTime() > 31 * 24 * HOUR)
      throw ProblemException.validation([{ field: 'to', reason: 'must be at most 31 days after from' }]);
    if ((criteria.preferredLocal?.from === undefined) !== (criteria.preferredLocal?.to === undefined))
      throw ProblemException.validation([{ field: 'preferredTo', reason: 'preferredFrom and preferredTo go together' }]);
    const locationIds = [...new Set(criteria.locationIds)];
    // One location and a built-in therapy: the center, the patient's bookings and whether the
    // patient is the organisation's come in one statement, a consistent snapshot of its own, instead
    // of a REPEATABLE READ transaction of five round trips (issue 20's slot-search profile).
    if (locationIds.length === 1 && criteria.therapyId === undefined) {
      const { therapyCode } = await chosenTherapy(this.dataSource.manager, criteria);
      const center = await this.centers.load(this.dataSource.manager, this.centerQuery(criteria, locationIds[0]!, therapyCode));
      if (center && !center.patientKnown) throw ProblemException.notFound('Patient', criteria.patientId);
      if (!center) throw ProblemException.notFound('Location', locationIds[0]!);
      return ranked(criteria, [[locationIds[0]!, center, this.slotsAt(criteria, center, therapyCode, null)]]);
    }
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      // The patient's other bookings shape the answer: a patient of another organisation is not found here.
      const patient = (await manager.query('SELECT 1 FROM patient WHERE id = $1 AND organisation_id = $2', [
        criteria.patientId,
        criteria.organisationId,
      ])) as unknown[];
      if (!patient.length) throw ProblemException.notFound('Patient', criteria.patientId);
      const { therapyCode, own } = await chosenTherapy(manager, criteria);
      const found: Array<[string, LoadedCenter, Slot[]]> = [];
      for (const locationId of locationIds) {
        const center = await this.centers.load(manager, this.centerQuery(criteria, locationId, therapyCode));
        if (!center) throw ProblemException.notFound('Location', locationId);
        found.push([locationId, center, this.slotsAt(criteria, center, therapyCode, own)]);
      }
      return ranked(criteria, found);
    });
  }

  private centerQuery(criteria: SearchSlotsCriteria, locationId: string, therapyCode: TherapyCode): CenterQuery {
    const margin = 24 * HOUR;
    return {
      locationId,
      organisationId: criteria.organisationId,
      from: new Date(criteria.from.getTime() - margin),
      to: new Date(criteria.to.getTime() + margin),
      patientId: criteria.patientId,
      therapyCode,
    };
  }

  private slotsAt(
    criteria: SearchSlotsCriteria,
    center: LoadedCenter,
    therapyCode: TherapyCode,
    own: OrganisationTherapy | null,
  ): Slot[] {
    const request = treatmentRequest(
      criteria.patientId,
      own ? placementTherapy(own) : effectiveTherapy(therapyCode, center.therapyOverride),
      criteria.durationMinutes,
    );
    return findSlots(
      center,
      request,
      {
        from: criteria.from.getTime(),
        to: criteria.to.getTime(),
        now: criteria.now.getTime(),
        limit: criteria.limit,
        ...(criteria.preferredLocal ? { preferredLocal: criteria.preferredLocal } : {}),
      },
      center.patientBusy,
    );
  }
}

/** The best slots across the centers searched, by score (comparable: relative to each center's size), then start. */
function ranked(criteria: SearchSlotsCriteria, found: Array<[string, LoadedCenter, Slot[]]>): SlotView[] {
  const views: Array<SlotView & { total: number }> = [];
  for (const [locationId, center, slots] of found)
    for (const s of slots)
      views.push({
        locationId,
        start: new Date(s.start).toISOString(),
        end: new Date(s.end).toISOString(),
        localStart: DateTime.fromMillis(s.start, { zone: center.calendar.timeZone }).toISO({ suppressMilliseconds: true })!,
        chairId: s.chairId,
        nurseId: s.nurseId,
        score: Math.round(s.score.total * 1000) / 1000,
        reasons: {
          chairsBusy: s.score.chairsBusy,
          chairs: s.score.chairs,
          nursePatients: s.score.nursePatients,
          nurseCapacity: s.score.nurseCapacity,
          startsNearby: s.score.startsNearby,
          preferenceHours: Math.round(s.score.preferenceHours * 100) / 100,
          longStayHoursAfterOpening: Math.round(s.score.longStayHoursAfterOpening * 100) / 100,
        },
        total: s.score.total,
      });
  views.sort((a, b) => a.total - b.total || a.start.localeCompare(b.start));
  return views.slice(0, criteria.limit).map(({ total: _total, ...view }) => view);
}
