import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { type ConsumerLag, ConsumerLagProbe } from '@chairside/messaging';
import { Roles } from '@chairside/platform';

@ApiTags('reports')
@Controller('reports/freshness')
export class FreshnessController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lag: ConsumerLagProbe,
  ) {}

  /** How fresh the reports are: the newest event applied, and how many are still to apply. */
  @Get()
  @Roles('analyst', 'admin')
  @ApiOkResponse({ description: 'The newest applied event time and the consumer lag per topic (null while Kafka cannot be asked).' })
  async freshness(): Promise<{ freshAsOf: string | null; consumerLag: ConsumerLag | null }> {
    const [fresh, consumerLag] = await Promise.all([this.dataSource.query(`SELECT max(handled_at) AS at FROM inbox`) as Promise<Array<{ at: Date | null }>>, this.lag.measure().catch(() => null)]);
    return { freshAsOf: fresh[0]?.at ? new Date(fresh[0].at).toISOString() : null, consumerLag };
  }
}
