import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles, uuidParam } from '@chairside/platform';
import { DayResourcesQueryDto, DayResourcesView } from './dto/day-resources.dto.js';
import { DayResourcesQuery } from './day-resources.query.js';

/** A location's chairs out of service and nurses on shift for a day: what the day board sets appointments against. */
@ApiTags('locations')
@Controller('locations/:locationId/day-resources')
export class DayResourcesController {
  constructor(private readonly dayResources: DayResourcesQuery) {}

  /** The roles that read the day board (sessions' GET …/board), plus the charge nurse who runs it. */
  @Get()
  @Roles('admin', 'scheduler', 'nurse', 'charge-nurse')
  @ApiOkResponse({
    type: DayResourcesView,
    description: "The day's opening, chair outages and nurses on shift with their capacity, in the location's zone.",
  })
  read(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Query() query: DayResourcesQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DayResourcesView> {
    return this.dayResources.execute({ organisationId: user.org, locationId, date: query.date });
  }
}
