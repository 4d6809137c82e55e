import type { EntityManager } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { TreatmentPlan } from './treatment-plan.entity.js';

/** Which plan a change is for, and the version (If-Match) the caller last saw. */
export interface PlanTarget {
  organisationId: string;
  locationId: string;
  planId: string;
  expectedVersion?: number;
}

/**
 * Loads a plan for a change: row-locked, at the caller's location of the caller's organisation,
 * at the version the caller last saw, still active. 404, 409 otherwise. The lock serialises two
 * changes of one plan (a cancel racing a reschedule).
 */
export async function lockPlanForChange(
  manager: EntityManager,
  target: PlanTarget,
  change: string,
): Promise<{ plan: TreatmentPlan; timeZone: string }> {
  const [found] = (await manager.query(
    `SELECT l.time_zone FROM treatment_plan p JOIN location l ON l.id = p.location_id
      WHERE p.id = $1 AND p.location_id = $2 AND l.organisation_id = $3 FOR UPDATE OF p`,
    [target.planId, target.locationId, target.organisationId],
  )) as Array<{ time_zone: string }>;
  if (!found) throw ProblemException.notFound('Treatment plan', target.planId);
  const plan = (await manager.findOneBy(TreatmentPlan, { id: target.planId }))!;
  if (target.expectedVersion !== undefined && target.expectedVersion !== plan.version)
    throw ProblemException.conflict(
      'version-mismatch',
      `Treatment plan ${plan.id} is at version ${plan.version}, not ${target.expectedVersion}. Reload and try again.`,
      { currentVersion: plan.version },
    );
  if (plan.status !== 'active')
    throw ProblemException.conflict('invalid-transition', `A treatment plan that is ${plan.status} cannot be ${change}.`, {
      currentStatus: plan.status,
      allowedFrom: ['active'],
    });
  return { plan, timeZone: found.time_zone };
}
