import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, problemType } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { ReportingConfig } from '../config/reporting.config.js';

/** Reports that may wait their turn; more are refused (503, retry) rather than queued without bound. */
export const REPORTS_WAITING = 100;

/**
 * Admits KPI reports a bounded number at a time (KPI_REPORTS_AT_ONCE), first come first served,
 * each to a connection of the reports' own pool (ReportPool). Twenty analysts asking at once then
 * queue here, not for the database connections the consumers and the refresher use.
 */
@Injectable()
export class ReportGate {
  /** Reports computed at once: the size of the reports' pool. */
  readonly width: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(@Inject(SERVICE_CONFIG) config: Pick<ReportingConfig, 'KPI_REPORTS_AT_ONCE'>) {
    this.width = config.KPI_REPORTS_AT_ONCE;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.width) {
      if (this.waiting.length >= REPORTS_WAITING)
        throw new ProblemException({
          type: problemType('service-unavailable'),
          title: 'Service unavailable',
          status: 503,
          detail: `${REPORTS_WAITING} reports are already waiting; retry shortly.`,
          retryAfterSeconds: 2,
        });
      await new Promise<void>((admit) => this.waiting.push(admit));
    } else this.running++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (the count stays), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
