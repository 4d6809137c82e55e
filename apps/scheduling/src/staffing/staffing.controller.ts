import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EXCLUSION_VIOLATION, sqlState } from '@chairside/database';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { Location } from '../locations/location.entity.js';
import { AddShiftDto, OpeningHoursDto, RegisterNurseDto } from './dto/staffing.dto.js';
import { Nurse, NurseShift } from './nurse.entity.js';
import { assertValidWeeklyHours } from './opening-hours.validation.js';


/**
 * Opening hours, nurses and shifts: the center's capacity. Kept small here; events for other
 * services (the day board's nurse list) come with the sessions service.
 */
@ApiTags('staffing')
@Controller('locations/:locationId')
export class StaffingController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Put('hours')
  @Roles('admin')
  async setHours(@Param('locationId', uuidParam('locationId')) locationId: string, @Body() body: OpeningHoursDto, @CurrentUser() user: AuthenticatedUser) {
    const weeklyHours = assertValidWeeklyHours(body.weeklyHours);
    const result = await this.dataSource.getRepository(Location).update({ id: locationId, organisationId: user.org }, { weeklyHours, closedDates: body.closedDates ?? [] });
    if (!result.affected) throw ProblemException.notFound('Location', locationId);
    return { locationId, weeklyHours, closedDates: body.closedDates ?? [] };
  }

  @Post('nurses')
  @HttpCode(201)
  @Roles('admin')
  async registerNurse(@Param('locationId', uuidParam('locationId')) locationId: string, @Body() body: RegisterNurseDto, @CurrentUser() user: AuthenticatedUser) {
    const located = await this.dataSource.getRepository(Location).existsBy({ id: locationId, organisationId: user.org });
    if (!located) throw ProblemException.notFound('Location', locationId);
    const nurse = this.dataSource.getRepository(Nurse).create({ id: randomUUID(), locationId, displayName: body.displayName, certifications: body.certifications, capacity: body.capacity ?? 4, startWindowMinutes: body.startWindowMinutes ?? 15 });
    await this.dataSource.getRepository(Nurse).insert(nurse);
    return { id: nurse.id, locationId, displayName: nurse.displayName, certifications: nurse.certifications, capacity: nurse.capacity, startWindowMinutes: nurse.startWindowMinutes };
  }

  @Post('nurses/:nurseId/shifts')
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  async addShift(@Param('locationId', uuidParam('locationId')) locationId: string, @Param('nurseId', uuidParam('nurseId')) nurseId: string, @Body() body: AddShiftDto, @CurrentUser() user: AuthenticatedUser) {
    const hours = (body.endsAt.getTime() - body.startsAt.getTime()) / 3_600_000;
    if (hours <= 0 || hours > 16) throw ProblemException.validation([{ field: 'endsAt', reason: 'must be after startsAt and at most 16 hours later' }]);
    const breaks = body.breaks ?? [];
    breaks.forEach((b, i) => {
      if (b.start < body.startsAt || b.end > body.endsAt || b.end <= b.start) throw ProblemException.validation([{ field: `breaks[${i}]`, reason: 'must lie inside the shift and end after it starts' }]);
    });
    const [nurse] = (await this.dataSource.query(`SELECT n.id FROM nurse n JOIN location l ON l.id = n.location_id WHERE n.id = $1 AND n.location_id = $2 AND l.organisation_id = $3`, [nurseId, locationId, user.org])) as unknown[];
    if (!nurse) throw ProblemException.notFound('Nurse', nurseId);
    const shift = this.dataSource.getRepository(NurseShift).create({ id: randomUUID(), nurseId, startsAt: body.startsAt, endsAt: body.endsAt, breaks: breaks.map((b) => ({ start: b.start.toISOString(), end: b.end.toISOString() })) });
    try {
      await this.dataSource.getRepository(NurseShift).insert(shift);
    } catch (error) {
      if (sqlState(error) === EXCLUSION_VIOLATION) throw ProblemException.conflict('shift-overlap', 'The nurse already has a shift overlapping that time.');
      throw error;
    }
    return { id: shift.id, nurseId, startsAt: shift.startsAt.toISOString(), endsAt: shift.endsAt.toISOString(), breaks: shift.breaks };
  }
}
