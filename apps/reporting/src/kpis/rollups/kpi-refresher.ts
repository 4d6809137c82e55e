import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { histogram, PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { ReportingConfig } from '../../config/reporting.config.js';
import { REFRESH_LOCATION_DAYS, refreshKpis } from './kpi-rollups.projector.js';

/**
 * Recomputes the KPI rollups of the days that events marked, a few times a second, off the inbox
 * transactions (see refreshKpis): the consumers only write facts, so reports and rollups never
 * hold back event consumption, and each marked day is recomputed once per round however many
 * events touched it.
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
  ) {
    this.task = new PeriodicTask('kpi-refresh', config.KPI_REFRESH_INTERVAL_MS, async () => void (await this.refresh()), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /** Rounds until no marked day is left; the location-days recomputed. */
  async refresh(): Promise<number> {
    let total = 0;
    for (;;) {
      const started = performance.now();
      const n = await refreshKpis(this.dataSource);
      if (!n) return total;
      this.roundSeconds.labels('reporting').observe((performance.now() - started) / 1000);
      total += n;
      if (n < REFRESH_LOCATION_DAYS) return total;
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
