import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type ConsumerLag, ConsumerLagProbe } from '@chairside/messaging';

export interface Freshness {
  /** When the newest event reporting has applied was applied. */
  freshAsOf: string | null;
  /** How many events reporting has yet to apply (null while Kafka cannot be asked). */
  consumerLag: ConsumerLag | null;
}

/** How fresh reporting's figures are: what every report carries and `GET /reports/freshness` answers. */
@Injectable()
export class ReportFreshness {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lag: ConsumerLagProbe,
  ) {}

  async read(): Promise<Freshness> {
    const [newest, consumerLag] = await Promise.all([
      this.dataSource.query(`SELECT max(handled_at) AS at FROM inbox`) as Promise<Array<{ at: Date | null }>>,
      this.lag.measure().catch(() => null),
    ]);
    return { freshAsOf: newest[0]?.at ? new Date(newest[0].at).toISOString() : null, consumerLag };
  }
}
