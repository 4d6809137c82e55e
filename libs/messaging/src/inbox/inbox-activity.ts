import { Injectable } from '@nestjs/common';

/**
 * A count of pieces of work in flight, and a way to wait until there are none (bounded): for work
 * that should give way to other work, e.g. reports to the events a service is applying.
 */
export class WorkInFlight {
  private active = 0;
  private readonly waiting = new Set<() => void>();
  private readonly finished = new Set<() => void>();

  /** Whether any piece is in flight. */
  get busy(): boolean {
    return this.active > 0;
  }

  /** One piece started; call what it returns when it is done (once; later calls do nothing). */
  begin(): () => void {
    this.active++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const listener of this.finished) listener();
      if (--this.active === 0) {
        for (const wake of this.waiting) wake();
        this.waiting.clear();
      }
    };
  }

  /**
   * Calls `listener` each time a piece ends (synchronously, before whoever waits for idle wakes), e.g.
   * to start the work that follows an inbox run at once rather than on a timer; returns how to stop.
   */
  onEachDone(listener: () => void): () => void {
    this.finished.add(listener);
    return () => this.finished.delete(listener);
  }

  /** Resolves once nothing is in flight, or after `maxMs` however busy it still is. */
  whenIdle(maxMs: number): Promise<void> {
    if (!this.active) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(wake);
        resolve();
      }, maxMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiting.add(wake);
    });
  }
}

/**
 * The inbox transactions the service's consumer is applying right now (KafkaEventServer counts
 * them here): what a service's own background work, such as reporting's reports, may wait for
 * so that it never slows the consumption of events.
 */
@Injectable()
export class InboxActivity extends WorkInFlight {}
