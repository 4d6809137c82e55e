import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { histogram, PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { ReportingConfig } from '../../config/reporting.config.js';
import { type DayMark, REFRESH_LOCATION_DAYS, refreshRound } from './kpi-rollups.projector.js';
import { EventsFirst } from '../events-first.js';

/**
 * Recomputes the KPI rollups of the days that events marked, a few times a second, off the inbox
 * transactions (see refreshRound): the consumers only write facts and never wait for a round, so
 * reports and rollups never hold back event consumption, and each marked day is recomputed once
 * per round however many events touched it.
 */
@Injectable()
export class KpiRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;
  private readonly roundSeconds = histogram(
    'chairside_kpi_refresh_round_seconds',
    'Time of one round of the KPI rollup recompute',
    ['service'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) logger: Logger,
    @Inject(SERVICE_CONFIG) config: ReportingConfig,
    private readonly eventsFirst: EventsFirst,
  ) {
    this.task = new PeriodicTask('kpi-refresh', config.KPI_REFRESH_INTERVAL_MS, async () => void (await this.refresh()), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /**
   * A pass of rounds over every mark, in key order (a day written again during its round is left
   * for the next pass, and cannot hold the others back); the location-days recomputed.
   */
  async refresh(): Promise<number> {
    let total = 0;
    let after: DayMark | undefined;
    for (;;) {
      const started = performance.now();
      // Reports wait while the round runs (EventsFirst): its statements get the CPU, not theirs.
      const done = this.eventsFirst.refresher.begin();
      const round = await refreshRound(this.dataSource, after ? { after } : {}).finally(done);
      if (round.days) this.roundSeconds.labels('reporting').observe((performance.now() - started) / 1000);
      total += round.days;
      if (round.marks < REFRESH_LOCATION_DAYS) return total;
      after = round.last;
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
