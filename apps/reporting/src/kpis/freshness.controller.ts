import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@chairside/platform';
import { type Freshness, ReportFreshness } from './report-freshness.js';

@ApiTags('reports')
@Controller('reports/freshness')
export class FreshnessController {
  constructor(private readonly reportFreshness: ReportFreshness) {}

  /** How fresh the caller's reports are: the newest fact of their locations included, and whether every event is applied. */
  @Get()
  @Roles('analyst', 'manager', 'admin')
  @ApiOkResponse({
    description:
      "The moment of the newest fact of the caller's locations in the reports, and whether reporting has applied every event (null while Kafka cannot be asked).",
  })
  freshness(@CurrentUser() user: AuthenticatedUser): Promise<Freshness> {
    return this.reportFreshness.read(user.org, user.locations);
  }
}
