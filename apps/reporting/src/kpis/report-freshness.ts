import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConsumerLagProbe } from '@chairside/messaging';

/** Where a report's statements go: its own connection (a QueryRunner), through EventsFirst. */
export interface ReportStatements {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** How long a report waits for the consumer lag before answering without it (`consumerLag: null`). */
const LAG_WAIT_MS = 1_000;

export interface Freshness {
  /** The moment of the newest fact of the caller's organisation that the figures include (its days recomputed). */
  freshAsOf: string | null;
  /**
   * Whether reporting has applied every event published so far and recomputed the figures of the days they touched
   * (KpiRefresher, a fraction of a second behind the facts); null while Kafka cannot be asked or takes more than a second.
   * Only whether: how many events are pending, and on which topics, is the whole platform's traffic.
   */
  consumerLag: { caughtUp: boolean; measuredAt: string } | null;
}

/**
 * How fresh reporting's figures are, for one organisation's locations that the caller may see: what
 * every report carries and `GET /reports/freshness` answers. Nothing of other organisations or of
 * locations outside the grant shows (their volume, their last activity): a manager of one center
 * was told the moment of another center's newest booking.
 */
@Injectable()
export class ReportFreshness {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lag: ConsumerLagProbe,
  ) {}

  /**
   * Over `locations` of the organisation (a grant, or the locations a report covers); on `runner`
   * when given (a report's own connection and snapshot), else on the service's pool.
   */
  async read(organisationId: string, locations: '*' | readonly string[], runner?: ReportStatements): Promise<Freshness> {
    const [newest, lag] = await Promise.all([
      (runner ?? this.dataSource).query(
        // Kept per location by the rollup recompute: a read of a hundred rows, not of every fact.
        `WITH l AS (SELECT location_id FROM directory_location WHERE organisation_id = $1 AND ($2::uuid[] IS NULL OR location_id = ANY($2)))
         SELECT (SELECT max(fresh_as_of) FROM kpi_location_fresh WHERE location_id IN (SELECT location_id FROM l)) AS at,
           EXISTS (SELECT 1 FROM kpi_stale_day WHERE location_id IN (SELECT location_id FROM l)) AS behind`,
        [organisationId, locations === '*' ? null : [...locations]],
      ) as Promise<Array<{ at: Date | null; behind: boolean }>>,
      // Kafka's admin API can take seconds (a coordinator moving): a report does not wait for it.
      Promise.race([
        this.lag.measure().catch(() => null),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), LAG_WAIT_MS).unref()),
      ]),
    ]);
    return {
      freshAsOf: newest[0]?.at ? new Date(newest[0].at).toISOString() : null,
      consumerLag: lag ? { caughtUp: lag.messages === 0 && !newest[0]?.behind, measuredAt: lag.measuredAt } : null,
    };
  }
}
