import type { EntityManager } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { LocationClosure } from './location-closure.entity.js';

/**
 * A closure about to be changed or removed, locked for the transaction: it must be the location's,
 * at the version the caller last saw (If-Match), and not over yet, because a closure that has
 * happened is kept as it happened (409).
 */
export async function closureToChange(
  manager: EntityManager,
  c: { locationId: string; closureId: string; expectedVersion?: number; now: Date },
): Promise<LocationClosure> {
  const closure = await manager.findOne(LocationClosure, {
    where: { id: c.closureId, locationId: c.locationId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!closure) throw ProblemException.notFound('Closure', c.closureId);
  if (c.expectedVersion !== undefined && c.expectedVersion !== closure.version)
    throw ProblemException.conflict(
      'version-mismatch',
      `Closure ${closure.id} is at version ${closure.version}, not ${c.expectedVersion}. Reload and try again.`,
      { currentVersion: closure.version },
    );
  if (closure.endsAt <= c.now) throw ProblemException.conflict('closure-over', 'The closure is over: it is kept as it happened.');
  return closure;
}
