import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiTags } from '@nestjs/swagger';
import { LocationHoursSetV1, NurseRegisteredV1, NurseShiftAddedV1 } from '@chairside/contracts';
import { EXCLUSION_VIOLATION, sqlState } from '@chairside/database';
import { UnitOfWork } from '@chairside/messaging';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { Location } from '../locations/location.entity.js';
import { AddShiftDto, OpeningHoursDto, RegisterNurseDto } from './dto/staffing.dto.js';
import { Nurse, NurseShift } from './nurse.entity.js';
import { assertValidWeeklyHours } from './opening-hours.validation.js';

/**
 * Opening hours, nurses and shifts: the center's capacity. Each change is published, so the day
 * board knows the nurses and reporting knows the open chair-minutes.
 */
@ApiTags('staffing')
@Controller('locations/:locationId')
export class StaffingController {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The location's nurses, by name: who can be given shifts. */
  @Get('nurses')
  @Roles('admin', 'scheduler', 'nurse')
  async nurses(@Param('locationId', uuidParam('locationId')) locationId: string, @CurrentUser() user: AuthenticatedUser) {
    const located = await this.dataSource.getRepository(Location).existsBy({ id: locationId, organisationId: user.org });
    if (!located) throw ProblemException.notFound('Location', locationId);
    const nurses = await this.dataSource
      .getRepository(Nurse)
      .find({ where: { locationId }, order: { displayName: 'ASC', id: 'ASC' } });
    return nurses.map((n) => ({
      id: n.id,
      nurseId: n.id,
      locationId,
      displayName: n.displayName,
      certifications: n.certifications,
      capacity: n.capacity,
      startWindowMinutes: n.startWindowMinutes,
    }));
  }

  @Put('hours')
  @Roles('admin')
  async setHours(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Body() body: OpeningHoursDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const weeklyHours = assertValidWeeklyHours(body.weeklyHours);
    const closedDates = [...new Set(body.closedDates ?? [])].sort();
    return this.unitOfWork.run(async (tx) => {
      const location = await tx.manager.findOne(Location, {
        where: { id: locationId, organisationId: user.org },
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

  @Post('nurses')
  @HttpCode(201)
  @Roles('admin')
  async registerNurse(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Body() body: RegisterNurseDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.unitOfWork.run(async (tx) => {
      const located = await tx.manager.existsBy(Location, { id: locationId, organisationId: user.org });
      if (!located) throw ProblemException.notFound('Location', locationId);
      const nurse = tx.manager.create(Nurse, {
        id: randomUUID(),
        locationId,
        displayName: body.displayName,
        certifications: [...new Set(body.certifications)],
        capacity: body.capacity ?? 4,
        startWindowMinutes: body.startWindowMinutes ?? 15,
      });
      await tx.manager.insert(Nurse, nurse);
      const data = {
        nurseId: nurse.id,
        locationId,
        displayName: nurse.displayName,
        certifications: nurse.certifications,
        capacity: nurse.capacity,
        startWindowMinutes: nurse.startWindowMinutes,
      };
      await tx.publish(NurseRegisteredV1, data, { aggregateId: nurse.id, aggregateSequence: 1, locationId });
      return { id: nurse.id, ...data };
    });
  }

  @Post('nurses/:nurseId/shifts')
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  async addShift(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('nurseId', uuidParam('nurseId')) nurseId: string,
    @Body() body: AddShiftDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const hours = (body.endsAt.getTime() - body.startsAt.getTime()) / 3_600_000;
    if (hours <= 0 || hours > 16)
      throw ProblemException.validation([{ field: 'endsAt', reason: 'must be after startsAt and at most 16 hours later' }]);
    const breaks = body.breaks ?? [];
    breaks.forEach((b, i) => {
      if (b.start < body.startsAt || b.end > body.endsAt || b.end <= b.start)
        throw ProblemException.validation([
          { field: `breaks[${i}]`, reason: 'must lie inside the shift and end after it starts' },
        ]);
    });
    const shiftBreaks = breaks.map((b) => ({ start: b.start.toISOString(), end: b.end.toISOString() }));
    const shift = await this.unitOfWork.run(async (tx) => {
      // The nurse row lock orders her shift events: their sequence is her shift count.
      const [nurse] = (await tx.manager.query(
        `SELECT n.id, (SELECT count(*) FROM nurse_shift s WHERE s.nurse_id = n.id)::int AS shifts FROM nurse n JOIN location l ON l.id = n.location_id WHERE n.id = $1 AND n.location_id = $2 AND l.organisation_id = $3 FOR UPDATE OF n`,
        [nurseId, locationId, user.org],
      )) as Array<{ id: string; shifts: number }>;
      if (!nurse) throw ProblemException.notFound('Nurse', nurseId);
      const created = tx.manager.create(NurseShift, {
        id: randomUUID(),
        nurseId,
        startsAt: body.startsAt,
        endsAt: body.endsAt,
        breaks: shiftBreaks,
      });
      try {
        await tx.manager.insert(NurseShift, created);
      } catch (error) {
        if (sqlState(error) === EXCLUSION_VIOLATION)
          throw ProblemException.conflict('shift-overlap', 'The nurse already has a shift overlapping that time.');
        throw error;
      }
      await tx.publish(
        NurseShiftAddedV1,
        {
          shiftId: created.id,
          nurseId,
          locationId,
          startsAt: created.startsAt.toISOString(),
          endsAt: created.endsAt.toISOString(),
          breaks: shiftBreaks,
        },
        { aggregateId: nurseId, aggregateSequence: nurse.shifts + 2, locationId },
      );
      return created;
    });
    return {
      id: shift.id,
      nurseId,
      startsAt: shift.startsAt.toISOString(),
      endsAt: shift.endsAt.toISOString(),
      breaks: shift.breaks,
    };
  }
}
