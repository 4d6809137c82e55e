import { Injectable } from '@nestjs/common';
import { LocationHoursSetV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Location } from '../../locations/location.entity.js';
import { assertValidWeeklyHours } from '../opening-hours.validation.js';

export interface SetOpeningHoursCommand {
  organisationId: string;
  locationId: string;
  /** Local times by ISO weekday (1 = Monday); validated here, 400 naming the day otherwise. */
  weeklyHours: Record<string, unknown>;
  closedDates?: string[];
}

export interface OpeningHours {
  locationId: string;
  weeklyHours: Record<string, Array<{ opens: string; closes: string }>>;
  closedDates: string[];
}

/** Replaces a location's weekly hours and closed dates; reporting counts open chair-minutes from them. */
@Injectable()
export class SetOpeningHoursUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: SetOpeningHoursCommand): Promise<OpeningHours> {
    const weeklyHours = assertValidWeeklyHours(command.weeklyHours);
    const closedDates = [...new Set(command.closedDates ?? [])].sort();
    const { locationId } = command;
    return this.unitOfWork.run(async (tx) => {
      const location = await tx.manager.findOne(Location, {
        where: { id: locationId, organisationId: command.organisationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!location) throw ProblemException.notFound('Location', locationId);
      location.weeklyHours = weeklyHours;
      location.closedDates = closedDates;
      location.version += 1;
      await tx.manager.save(location);
      await tx.publish(
        LocationHoursSetV1,
        { locationId, weeklyHours, closedDates },
        { aggregateId: locationId, aggregateSequence: location.version, locationId },
      );
      return { locationId, weeklyHours, closedDates };
    });
  }
}
