import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles, uuidParam } from '@chairside/platform';
import { OpeningHoursDto } from './dto/opening-hours.dto.js';
import { type OpeningHours, SetOpeningHoursUseCase } from './set-opening-hours/set-opening-hours.use-case.js';

/** When a center is open: slot search offers only these hours, and reporting counts its open chair-minutes. */
@ApiTags('staffing')
@Controller('locations/:locationId/hours')
export class OpeningHoursController {
  constructor(private readonly setOpeningHours: SetOpeningHoursUseCase) {}

  @Put()
  @Roles('admin')
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
