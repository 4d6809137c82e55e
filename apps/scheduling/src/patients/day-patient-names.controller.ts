import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles, uuidParam } from '@chairside/platform';
import { Audited, eachOf } from '@chairside/audit';
import { DayPatientNamesQueryDto } from './dto/patient.dto.js';
import { type DayPatientNames, DayPatientNamesQuery } from './day-patient-names/day-patient-names.query.js';

/**
 * The names on a location's chair board in one bounded read (the console's Today screen), for the
 * roles that may see that board. Each patient named is one audit record of the caller's read.
 */
@ApiTags('patients')
@Controller('locations/:locationId/patient-names')
export class DayPatientNamesController {
  constructor(private readonly names: DayPatientNamesQuery) {}

  @Get()
  @Audited({ resource: 'patient-name', action: 'read', resourceId: 'locationId', patientIds: eachOf('patients', 'patientId') })
  @Roles('admin', 'scheduler', 'charge-nurse', 'nurse')
  @ApiOkResponse({
    description: 'The given and family names of the patients with an appointment that local day (at most 400, by first start).',
  })
  day(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Query() query: DayPatientNamesQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DayPatientNames> {
    return this.names.execute(user.org, locationId, query.date);
  }
}
