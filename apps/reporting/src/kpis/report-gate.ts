import { Injectable } from '@nestjs/common';
import { ProblemException, problemType } from '@chairside/platform';

/** Reports computed at once: each holds one database connection, so the event consumers keep the rest of the pool. */
export const REPORTS_AT_ONCE = 1;
/** Reports that may wait their turn; more are refused (503, retry) rather than queued without bound. */
export const REPORTS_WAITING = 100;

/**
 * Admits KPI reports one at a time, first come first served. Twenty analysts asking at once
 * then share the database fairly with the consumers (which need the pool to keep the figures
 * fresh) instead of exhausting it: without this, a burst of reports got 503s for connections.
 */
@Injectable()
export class ReportGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= REPORTS_AT_ONCE) {
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
