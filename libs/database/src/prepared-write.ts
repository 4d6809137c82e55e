import type { SqlStatement } from './sql.js';

/** Statements built but not sent yet, and how to read their result from their rows. */
export interface PreparedWrite<R = unknown[][]> {
  readonly statements: readonly SqlStatement[];
  readonly read: (rows: unknown[][]) => R;
}

/**
 * What a unit of work's work gives back when it ends with a write: its result, and the final
 * write, left unsent so that the unit of work sends it with the COMMIT in one round trip
 * (libs/messaging UnitOfWork.runWithFinalWrite). Nothing can run after it, by construction.
 */
export interface Finished<T> {
  result: T;
  finalWrite?: PreparedWrite<unknown> | undefined;
}
