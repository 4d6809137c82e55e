import { Inject, Injectable } from '@nestjs/common';
import { counter, gauge, ProblemException, problemType } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { ReportingConfig } from '../config/reporting.config.js';

/**
 * How long a client refused at a full queue is told to wait (Retry-After): about what the reports
 * ahead of it take to be answered on the reference machine (an organisation's year as CSV, ~1 s, a
 * few of them), so a client that honours it finds room rather than asking again at once.
 */
export const REPORT_QUEUE_RETRY_AFTER_S = 5;

/**
 * Admission control for KPI reports: at most KPI_REPORTS_AT_ONCE computed at once, each on a
 * connection of the reports' own pool (ReportPool); up to KPI_REPORTS_WAITING more wait their
 * turn, first come first served; beyond that a report is refused at once with 503 problem+json and
 * Retry-After, before it reads anything. Twenty analysts asking at once then queue here, in the
 * process, not in PostgreSQL, where their statements would take the cores the event consumers and
 * the rollup refresher need; and a burst cannot grow the queue (and the memory and sockets it
 * holds) without bound.
 */
@Injectable()
export class ReportGate {
  /** Reports computed at once: the size of the reports' pool. */
  readonly width: number;
  /** Reports that may wait for a slot; more are refused. */
  readonly queue: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inFlight = gauge('chairside_kpi_reports_running', 'KPI reports being computed (admitted by the report gate)', [
    'service',
  ]);
  private readonly queued = gauge('chairside_kpi_reports_waiting', 'KPI reports waiting at the report gate', ['service']);
  private readonly refused = counter('chairside_kpi_reports_refused_total', 'KPI reports refused at a full report gate', [
    'service',
  ]);

  constructor(@Inject(SERVICE_CONFIG) config: Pick<ReportingConfig, 'KPI_REPORTS_AT_ONCE' | 'KPI_REPORTS_WAITING'>) {
    this.width = config.KPI_REPORTS_AT_ONCE;
    this.queue = config.KPI_REPORTS_WAITING;
    this.inFlight.labels('reporting').set(0);
    this.queued.labels('reporting').set(0);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.width) {
      if (this.waiting.length >= this.queue) {
        this.refused.labels('reporting').inc();
        throw new ProblemException({
          type: problemType('service-unavailable'),
          title: 'Service unavailable',
          status: 503,
          detail: `${this.running} report${this.running === 1 ? ' is' : 's are'} being computed and ${this.waiting.length} waiting, the most this service takes at once; nothing was read. Retry in ${REPORT_QUEUE_RETRY_AFTER_S} s.`,
          retryAfterSeconds: REPORT_QUEUE_RETRY_AFTER_S,
        });
      }
      await new Promise<void>((admit) => {
        this.waiting.push(admit);
        this.queued.labels('reporting').set(this.waiting.length);
      });
    } else {
      this.running++;
      this.inFlight.labels('reporting').set(this.running);
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (the count stays), or free it.
      const next = this.waiting.shift();
      this.queued.labels('reporting').set(this.waiting.length);
      if (next) next();
      else this.inFlight.labels('reporting').set(--this.running);
    }
  }
}
