import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { lockReplans } from '../replans/replan-lock.js';

/**
 * The location row, locked for update: every change that takes capacity away from the whole
 * location or a chair (an outage, a retired chair, a closure) takes it first, and a placement takes
 * it for share (placeTreatment) before it reads the center. So a booking either commits before the
 * change (and the change lists it as affected) or reads the change and keeps out of it. The
 * location's re-plan lock is taken before it (replan-lock.ts).
 */
export async function lockLocationForChange(
  tx: Transaction,
  c: { organisationId: string; locationId: string },
): Promise<{ timeZone: string; version: number }> {
  // Each such change flags (or un-flags) appointments for re-planning: the location's re-plan lock
  // comes before the location row, as in every re-plan path (replan-lock.ts).
  await lockReplans(tx, c.locationId);
  const [location] = (await tx.manager.query(
    'SELECT time_zone, version FROM location WHERE id = $1 AND organisation_id = $2 FOR UPDATE',
    [c.locationId, c.organisationId],
  )) as Array<{ time_zone: string; version: number }>;
  if (!location) throw ProblemException.notFound('Location', c.locationId);
  return { timeZone: location.time_zone, version: location.version };
}
