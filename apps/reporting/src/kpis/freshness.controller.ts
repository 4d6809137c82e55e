import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@chairside/platform';
import { type Freshness, ReportFreshness } from './report-freshness.js';

@ApiTags('reports')
@Controller('reports/freshness')
export class FreshnessController {
  constructor(private readonly reportFreshness: ReportFreshness) {}

  /** How fresh the reports are: the newest event applied, and how many are still to apply. */
  @Get()
  @Roles('analyst', 'admin')
  @ApiOkResponse({
    description: 'The newest applied event time and the consumer lag per topic (null while Kafka cannot be asked).',
  })
  freshness(): Promise<Freshness> {
    return this.reportFreshness.read();
  }
}
