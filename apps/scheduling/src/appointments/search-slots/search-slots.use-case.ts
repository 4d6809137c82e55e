import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { TherapyCode } from '@chairside/domain';
import { ProblemException } from '@chairside/platform';
import { HOUR } from '@chairside/domain';
import { findSlots } from '../../slot-search/find-slots.js';
import { CenterStateRepository } from '../center-state.repository.js';
import type { SlotView } from '../dto/appointment.dto.js';
import { effectiveTherapy, treatmentRequest } from '../treatment-request.js';

export interface SearchSlotsCommand {
  organisationId: string;
  /** One location, or several of the organisation's: the best slots across all of them. */
  locationIds: string[];
  patientId: string;
  therapyCode: TherapyCode;
  durationMinutes?: number;
  from: Date;
  to: Date;
  preferredLocal?: { from: string; to: string };
  limit: number;
  now: Date;
}

/**
 * Ranked slots for one treatment. Every location is read in one REPEATABLE READ snapshot, so
 * the answer is consistent across them; ranking is comparable between locations because it is
 * relative to each center's own size.
 */
@Injectable()
export class SearchSlotsUseCase {
  constructor(
    private readonly centers: CenterStateRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: SearchSlotsCommand): Promise<SlotView[]> {
    if (command.to <= command.from) throw ProblemException.validation([{ field: 'to', reason: 'must be after from' }]);
    if (command.to.getTime() - command.from.getTime() > 31 * 24 * HOUR)
      throw ProblemException.validation([{ field: 'to', reason: 'must be at most 31 days after from' }]);
    if ((command.preferredLocal?.from === undefined) !== (command.preferredLocal?.to === undefined))
      throw ProblemException.validation([{ field: 'preferredTo', reason: 'preferredFrom and preferredTo go together' }]);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const margin = 24 * HOUR;
      const views: Array<SlotView & { total: number }> = [];
      for (const locationId of [...new Set(command.locationIds)]) {
        const center = await this.centers.load(manager, {
          locationId,
          organisationId: command.organisationId,
          from: new Date(command.from.getTime() - margin),
          to: new Date(command.to.getTime() + margin),
          patientId: command.patientId,
          therapyCode: command.therapyCode,
        });
        if (!center) throw ProblemException.notFound('Location', locationId);
        const request = treatmentRequest(
          command.patientId,
          effectiveTherapy(command.therapyCode, center.therapyOverride),
          command.durationMinutes,
        );
        const slots = findSlots(
          center,
          request,
          {
            from: command.from.getTime(),
            to: command.to.getTime(),
            now: command.now.getTime(),
            limit: command.limit,
            ...(command.preferredLocal ? { preferredLocal: command.preferredLocal } : {}),
          },
          center.patientBusy,
        );
        for (const s of slots) {
          views.push({
            locationId,
            start: new Date(s.start).toISOString(),
            end: new Date(s.end).toISOString(),
            localStart: DateTime.fromMillis(s.start, { zone: center.calendar.timeZone }).toISO({ suppressMilliseconds: true })!,
            chairId: s.chairId,
            nurseId: s.nurseId,
            score: Math.round(s.score.total * 1000) / 1000,
            total: s.score.total,
          });
        }
      }
      views.sort((a, b) => a.total - b.total || a.start.localeCompare(b.start));
      return views.slice(0, command.limit).map(({ total: _total, ...view }) => view);
    });
  }
}
