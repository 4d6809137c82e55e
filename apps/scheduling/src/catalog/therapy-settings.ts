import { TherapySettingsChangedV1 } from '@chairside/contracts';
import type { TherapyCode, TherapyDefinition } from '@chairside/domain';
import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { TherapySetting } from './therapy-setting.entity.js';

/** Key order does not survive jsonb, so compare canonically. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** The organisation's row for a therapy, row-locked, at the version the caller last saw (0: the default). */
export async function lockCurrentSetting(
  tx: Transaction,
  organisationId: string,
  code: TherapyCode,
  expected: number | undefined,
): Promise<TherapySetting | null> {
  const current = await tx.manager.findOne(TherapySetting, {
    where: { organisationId, therapyCode: code },
    lock: { mode: 'pessimistic_write' },
  });
  if (expected !== undefined && expected !== (current?.version ?? 0)) {
    throw ProblemException.conflict(
      'version-mismatch',
      `Therapy ${code} is at version ${current?.version ?? 0}, not ${expected}. Reload and try again.`,
      { currentVersion: current?.version ?? 0 },
    );
  }
  return current;
}

export async function publishSettingsChange(
  tx: Transaction,
  organisationId: string,
  t: TherapyDefinition,
  version: number,
  isDefault: boolean,
): Promise<void> {
  const { code, ...values } = t;
  await tx.publish(
    TherapySettingsChangedV1,
    { organisationId, therapyCode: code, ...values, isDefault, version },
    { aggregateId: `${organisationId}:${code}`, aggregateSequence: version },
  );
}
