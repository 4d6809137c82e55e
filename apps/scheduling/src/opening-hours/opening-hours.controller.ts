import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { Location } from '../locations/location.entity.js';
import { LocatedOpeningHoursView, OpeningHoursDto, OpeningHoursView } from './dto/opening-hours.dto.js';
import { type OpeningHours, SetOpeningHoursUseCase } from './set-opening-hours/set-opening-hours.use-case.js';

/** When a center is open: slot search offers only these hours, and reporting counts its open chair-minutes. */
@ApiTags('staffing')
@Controller('locations/:locationId/hours')
export class OpeningHoursController {
  constructor(
    private readonly setOpeningHours: SetOpeningHoursUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The hours as set: local times by ISO weekday in the location's zone, and the closed dates. */
  @Get()
  @Roles('admin', 'scheduler', 'nurse', 'charge-nurse', 'manager')
  @ApiOkResponse({ type: LocatedOpeningHoursView })
  async hours(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<OpeningHours & { timeZone: string }> {
    const location = await this.dataSource.getRepository(Location).findOneBy({ id: locationId, organisationId: user.org });
    if (!location) throw ProblemException.notFound('Location', locationId);
    return {
      locationId,
      timeZone: location.timeZone,
      weeklyHours: location.weeklyHours as OpeningHours['weeklyHours'],
      closedDates: location.closedDates,
    };
  }

  @Put()
  @Roles('admin')
  @ApiOkResponse({ type: OpeningHoursView })
  setHours(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Body() body: OpeningHoursDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<OpeningHours> {
    return this.setOpeningHours.execute({
      organisationId: user.org,
      locationId,
      weeklyHours: body.weeklyHours,
      ...(body.closedDates !== undefined ? { closedDates: body.closedDates } : {}),
    });
  }
}
