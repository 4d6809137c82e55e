import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { histogram, PINO_LOGGER } from '@chairside/platform';
import { InboxActivity } from '@chairside/messaging';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { ReportingConfig } from '../../config/reporting.config.js';
import { type DayMark, REFRESH_LOCATION_DAYS, refreshRound } from './kpi-rollups.projector.js';
import { EventsFirst } from '../events-first.js';

/**
 * Recomputes the KPI rollups of the days that events marked, off the inbox transactions (see
 * refreshRound): the consumers only write facts and never wait for a round, so reports and rollups
 * never hold back event consumption, and each marked day is recomputed once per pass however many
 * events touched it. A pass starts as soon as an inbox run of this process ends (its marks are then
 * committed), not on the next tick of a timer: the 200 ms tick was up to a fifth of a second of every
 * figure's freshness, and under report load a pass that fell just after a tick waited for the next
 * (issue 21). The timer stays, every KPI_REFRESH_INTERVAL_MS, for marks written by anything else
 * (another reporting process, a rebuild). From an inbox run's end to the end of the pass that follows
 * it, a refresh is owed, and reports give way to it (EventsFirst).
 */
@Injectable()
export class KpiRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Set when marks may have been committed since the pass under way read them: another pass follows. */
  private again = false;
  /** Ends the refresh owed since an inbox run ended (EventsFirst counts it), once a pass after it ends. */
  private owed: (() => void) | undefined;
  private stopListening: (() => void) | undefined;
  private readonly roundSeconds = histogram(
    'chairside_kpi_refresh_round_seconds',
    'Time of one round of the KPI rollup recompute',
    ['service'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
    private readonly eventsFirst: EventsFirst,
    private readonly inbox: InboxActivity,
  ) {}

  onApplicationBootstrap(): void {
    this.stopListening = this.inbox.onEachDone(() => this.kick(true));
    this.timer = setInterval(() => this.kick(false), this.config.KPI_REFRESH_INTERVAL_MS);
    this.timer.unref();
  }

  /** A pass now, or right after the one under way; `owed` (an inbox run ended) makes reports give way until it is done. */
  kick(owed: boolean): void {
    if (this.stopped) return;
    if (owed) this.owed ??= this.eventsFirst.refresher.begin();
    this.again = true;
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    try {
      while (this.again && !this.stopped) {
        this.again = false;
        try {
          await this.refresh();
        } catch (error) {
          // PostgreSQL restarting, say: the next inbox run or tick tries again.
          this.logger.warn({ component: 'kpi-refresh', err: error }, 'kpi-refresh pass failed; retrying on the next run or tick');
          break;
        }
      }
    } finally {
      this.owed?.();
      this.owed = undefined;
    }
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

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    clearInterval(this.timer);
    await this.running;
  }
}
