import { Injectable } from '@nestjs/common';
import { InboxActivity, WorkInFlight } from '@chairside/messaging';

/**
 * How long one report statement waits at most for the event work in flight to finish (the default of
 * KPI_REPORT_GIVE_WAY_MS): reports still progress while events arrive without a pause (each statement
 * is then late by this much at most), and a report's statements (17 for an organisation's year as CSV,
 * 51 s at most) stay inside its write deadline (REPORT_WRITE_DEADLINE_MS, 60 s). 500 ms let reports
 * take the CPU back too soon under the benchmark's load (freshness p99 2.1 s in one run, 1.0 s with
 * 3 s on the same database, docs/benchmarks.md): reports may wait, event consumption must not.
 */
export const REPORT_GIVE_WAY_MS = 3_000;

/**
 * Reports give way to the events: a report's next statement starts only while the consumer applies
 * no inbox run and no rollup refresh is owed or running (KpiRefresher: from an inbox run's end to the
 * end of the pass after it), or once it has waited its bound (KPI_REPORT_GIVE_WAY_MS).
 * On two cores a report's statements kept one core busy back to back under twenty clients, and the
 * inbox transactions and refresh rounds waited for CPU, which is what made figures seconds late
 * (issue 21: a freshness p99 of 1.6 s with one report at a time, 5.7 s with two).
 */
@Injectable()
export class EventsFirst {
  /** The refresher's rounds (KpiRefresher counts them here). */
  readonly refresher = new WorkInFlight();

  constructor(private readonly inbox: InboxActivity) {}

  /** Whether event work is in flight now. */
  get busy(): boolean {
    return this.inbox.busy || this.refresher.busy;
  }

  /** Resolves when no event work is in flight, or after `maxMs` however busy it still is. */
  async giveWay(maxMs: number = REPORT_GIVE_WAY_MS): Promise<void> {
    const deadline = performance.now() + maxMs;
    for (;;) {
      const left = deadline - performance.now();
      if (!this.busy || left <= 0) return;
      await (this.inbox.busy ? this.inbox : this.refresher).whenIdle(left);
    }
  }
}
