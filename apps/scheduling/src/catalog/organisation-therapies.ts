import type { EntityManager } from 'typeorm';
import { TherapyDefinedV1 } from '@chairside/contracts';
import {
  MAX_ORGANISATION_THERAPIES,
  therapyProblems,
  THERAPY_CODES,
  type PreparationRequirements,
  type TherapyCode,
  type TherapyDefinition,
} from '@chairside/domain';
import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { OrganisationTherapy } from './organisation-therapy.entity.js';

/** A therapy's values as the organisation gives them: everything but the code, which names it. */
export type TherapyValues = Omit<TherapyDefinition, 'code' | 'requiresFasting' | 'mayDriveAfter'>;

/** The therapy as slot search and booking place it: its own values under the built-in code it is counted as. */
export function placementTherapy(t: OrganisationTherapy): TherapyDefinition {
  return { ...t.settings, code: t.countedAs };
}

/** The stored placement values; fasting and driving come from the preparation requirements. */
export function storedSettings(countedAs: TherapyCode, values: TherapyValues, p: PreparationRequirements): TherapyDefinition {
  return { ...values, code: countedAs, requiresFasting: p.fasting, mayDriveAfter: p.mayDrive };
}

/** The organisation's therapy, or 404 (another organisation's reads as missing). */
export async function organisationTherapy(
  manager: EntityManager,
  organisationId: string,
  therapyId: string,
  lock = false,
): Promise<OrganisationTherapy> {
  const found = await manager.findOne(OrganisationTherapy, {
    where: { id: therapyId, organisationId },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!found) throw ProblemException.notFound('Therapy', therapyId);
  return found;
}

/** 400 naming the field for values no placement could use. */
export function assertUsable(d: TherapyDefinition): void {
  const problems = therapyProblems(d);
  if (problems.length)
    throw ProblemException.validation(
      problems.map((reason) => ({ field: reason.split(' ')[0]!, reason: reason.slice(reason.indexOf(' ') + 1) })),
    );
  if (d.vitals.thenEveryMinutes < d.vitals.firstHourEveryMinutes)
    throw ProblemException.validation([
      { field: 'vitals.thenEveryMinutes', reason: 'must not be more frequent than during the first hour' },
    ]);
}

export function assertOwnCode(code: string): void {
  if ((THERAPY_CODES as readonly string[]).includes(code))
    throw ProblemException.validation([
      { field: 'code', reason: `is one of the nine built-in therapies; change its values with PUT /therapies/${code}` },
    ]);
}

export { MAX_ORGANISATION_THERAPIES };

/** The full new state, for sessions, notifications and analytics consumers. */
export async function publishTherapyDefined(tx: Transaction, t: OrganisationTherapy): Promise<void> {
  const { code: _counted, requiresFasting: _f, mayDriveAfter: _d, ...values } = t.settings;
  await tx.publish(
    TherapyDefinedV1,
    {
      therapyId: t.id,
      organisationId: t.organisationId,
      code: t.code,
      countedAs: t.countedAs,
      ...values,
      preparation: t.preparation,
      version: t.version,
    },
    { aggregateId: t.id, aggregateSequence: t.version },
  );
}
