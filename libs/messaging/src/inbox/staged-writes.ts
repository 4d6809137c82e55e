import type { EntityManager } from 'typeorm';

/**
 * A projection write that can wait for the end of the inbox transaction, so a run of events
 * becomes one multi-row statement instead of one round trip each (a replay is mostly round
 * trips otherwise). Rows with the same key are merged first, because PostgreSQL refuses an
 * upsert that touches one row twice in a statement.
 */
export interface StagedWrite<R> {
  /** The row's conflict key (usually its primary key). */
  key(row: R): string;
  /** The row that applying `earlier` then `later` one by one would leave: the write's own semantics. */
  merge(earlier: R, later: R): R;
  /** Writes the merged rows, in first-staged order, in one statement. */
  write(manager: EntityManager, rows: R[]): Promise<void>;
  /** Writes land by ascending order (default 0), e.g. a lock first (-1) or a rollup of what the others wrote last (1). */
  readonly order?: number;
}

/**
 * The writes staged by the handlers of one transaction. They land after every handler of the
 * run has returned, so use them only for tables no handler of the same service reads back.
 */
export class StagedWrites {
  private readonly pending = new Map<StagedWrite<unknown>, Map<string, unknown>>();

  add<R>(write: StagedWrite<R>, row: R): void {
    let rows = this.pending.get(write as StagedWrite<unknown>) as Map<string, R> | undefined;
    if (!rows) {
      rows = new Map();
      this.pending.set(write as StagedWrite<unknown>, rows as Map<string, unknown>);
    }
    const key = write.key(row);
    const earlier = rows.get(key);
    rows.set(key, earlier === undefined ? row : write.merge(earlier, row));
  }

  async flush(manager: EntityManager): Promise<void> {
    const ordered = [...this.pending].sort(([a], [b]) => (a.order ?? 0) - (b.order ?? 0));
    for (const [write, rows] of ordered) {
      if (rows.size) await write.write(manager, [...rows.values()]);
    }
    this.pending.clear();
  }
}
