import type { Transaction } from '@chairside/messaging';

/**
 * The location's re-plan lock: a transaction-level advisory lock that every transaction which
 * flags, un-flags, proposes or applies re-plans at a location takes FIRST, before any row lock
 * (location, chair, nurse, shift, appointment or proposal).
 *
 * Why first: those transactions lock the same rows in different orders. An overrun locks the
 * appointments it puts at risk and then proposes for them; a proposal locks appointments and then
 * supersedes their proposals; an apply locks proposals, then appointments, then shifts; a sick call
 * locks a shift, then appointments; a withdrawn closure locks appointments, then proposals. Any two
 * of them could each hold a row the other waits for (PostgreSQL then aborts one as a deadlock).
 * Queued on this lock before their first row lock, they run one after another at a location and
 * never wait on each other in a cycle. It is re-entrant: taking it again in the same transaction
 * (an overrun's proposal) costs a round trip and nothing else. Bookings do not take it: they lock
 * no existing appointment or proposal.
 */
export async function lockReplans(tx: Pick<Transaction, 'manager'>, locationId: string): Promise<void> {
  await tx.manager.query(REPLAN_LOCK_SQL, [replanLockKey(locationId)]);
}

export const REPLAN_LOCK_SQL = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';

export const replanLockKey = (locationId: string) => `replans:${locationId}`;
