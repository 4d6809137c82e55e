import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { InboxActivity } from '@chairside/messaging';
import type { ReportingConfig } from '../../config/reporting.config.js';
import { EventsFirst } from '../events-first.js';
import { KpiRefresher } from './kpi-refresher.js';

/**
 * A database whose refresh rounds find no mark: each pass is one transaction. `hold` keeps the next
 * transaction open until released, to see what happens while a pass runs.
 */
function fakeDatabase() {
  let passes = 0;
  let held: Promise<void> | undefined;
  let release: () => void = () => undefined;
  const dataSource = {
    transaction: async <T>(work: (manager: { query: () => Promise<unknown[]> }) => Promise<T>): Promise<T> => {
      passes++;
      if (held) await held;
      return work({ query: async () => [] });
    },
  };
  return {
    dataSource: dataSource as unknown as DataSource,
    passes: () => passes,
    hold: () => {
      held = new Promise<void>((resolve) => (release = resolve));
    },
    release: () => {
      held = undefined;
      release();
    },
  };
}

const logger = { warn: () => undefined } as unknown as Logger;
// A timer far beyond the test: every pass below comes from an inbox run ending.
const config = { KPI_REFRESH_INTERVAL_MS: 60_000 } as ReportingConfig;

describe('KpiRefresher: a pass follows each inbox run at once, and reports give way until it is done', () => {
  let refresher: KpiRefresher | undefined;
  afterEach(() => refresher?.onApplicationShutdown());

  it('starts a pass when an inbox run ends, not on the timer; EventsFirst is busy from the run to the end of the pass', async () => {
    const db = fakeDatabase();
    const inbox = new InboxActivity();
    const eventsFirst = new EventsFirst(inbox);
    refresher = new KpiRefresher(db.dataSource, logger, config, eventsFirst, inbox);
    refresher.onApplicationBootstrap();
    db.hold();
    const run = inbox.begin();
    expect(db.passes()).toBe(0);
    run();
    // The pass began with the run's end, and reports wait for it (the refresh is owed).
    expect(db.passes()).toBe(1);
    expect(eventsFirst.busy).toBe(true);
    db.release();
    await eventsFirst.giveWay(5_000);
    expect(eventsFirst.busy).toBe(false);
    expect(db.passes()).toBe(1);
  });

  it('runs ended during a pass make one more pass after it, not one each', async () => {
    const db = fakeDatabase();
    const inbox = new InboxActivity();
    const eventsFirst = new EventsFirst(inbox);
    refresher = new KpiRefresher(db.dataSource, logger, config, eventsFirst, inbox);
    refresher.onApplicationBootstrap();
    db.hold();
    inbox.begin()();
    expect(db.passes()).toBe(1);
    // Three more runs end while the first pass waits: their marks may be after what it read.
    for (let i = 0; i < 3; i++) inbox.begin()();
    db.release();
    await eventsFirst.giveWay(5_000);
    expect(eventsFirst.busy).toBe(false);
    expect(db.passes()).toBe(2);
  });
});
