import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConsumerLagProbe } from '@chairside/messaging';

/** How long a report waits for the consumer lag before answering without it (`consumerLag: null`). */
const LAG_WAIT_MS = 1_000;

export interface Freshness {
  /** The moment of the newest fact of the caller's organisation that the figures include. */
  freshAsOf: string | null;
  /**
   * Whether reporting has applied every event published so far (null while Kafka cannot be asked or takes more than a second).
   * Only whether: how many events are pending, and on which topics, is the whole platform's traffic.
   */
  consumerLag: { caughtUp: boolean; measuredAt: string } | null;
}

/**
 * How fresh reporting's figures are, for one organisation: what every report carries and
 * `GET /reports/freshness` answers. Nothing of other organisations shows (their volume, their
 * last activity).
 */
@Injectable()
export class ReportFreshness {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lag: ConsumerLagProbe,
  ) {}

  async read(organisationId: string): Promise<Freshness> {
    const [newest, lag] = await Promise.all([
      this.dataSource.query(
        `WITH l AS (SELECT location_id FROM directory_location WHERE organisation_id = $1)
         SELECT greatest(
           (SELECT max(greatest(booked_at, cancelled_at, no_show_at, confirmed_at, checked_in_at, seated_at, drug_ready_at,
                                infusion_started_at, infusion_completed_at, stopped_early_at, discharged_at))
              FROM visit_fact WHERE location_id IN (SELECT location_id FROM l)),
           (SELECT max(at) FROM message_fact WHERE location_id IN (SELECT location_id FROM l)),
           (SELECT max(occurred_at) FROM reaction_fact WHERE location_id IN (SELECT location_id FROM l))) AS at`,
        [organisationId],
      ) as Promise<Array<{ at: Date | null }>>,
      // Kafka's admin API can take seconds (a coordinator moving): a report does not wait for it.
      Promise.race([
        this.lag.measure().catch(() => null),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), LAG_WAIT_MS).unref()),
      ]),
    ]);
    return {
      freshAsOf: newest[0]?.at ? new Date(newest[0].at).toISOString() : null,
      consumerLag: lag ? { caughtUp: lag.messages === 0, measuredAt: lag.measuredAt } : null,
    };
  }
}
