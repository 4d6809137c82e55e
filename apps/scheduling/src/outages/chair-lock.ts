import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';

/** The chair, locked. Another organisation's or location's chair reads as missing. */
export async function lockChair(
  tx: Transaction,
  c: { organisationId: string; locationId: string; chairId: string },
): Promise<{ id: string; version: number }> {
  const [chair] = (await tx.manager.query(
    `SELECT c.id, c.version FROM chair c JOIN location l ON l.id = c.location_id
      WHERE c.id = $1 AND c.location_id = $2 AND l.organisation_id = $3 FOR UPDATE OF c`,
    [c.chairId, c.locationId, c.organisationId],
  )) as Array<{ id: string; version: number }>;
  if (!chair) throw ProblemException.notFound('Chair', c.chairId);
  return chair;
}

/**
 * The sequence of the chair event the caller publishes: the chair's version numbers all its events
 * (added = 1, then each outage scheduled, changed or cancelled and each update of the chair).
 */
export async function nextChairEvent(tx: Transaction, chair: { id: string; version: number }): Promise<number> {
  await tx.manager.query('UPDATE chair SET version = version + 1 WHERE id = $1', [chair.id]);
  return chair.version + 1;
}
