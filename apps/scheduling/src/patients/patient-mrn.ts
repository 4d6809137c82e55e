import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';

/**
 * A medical record number names one patient in the organisation. Checked first for a clear answer;
 * the unique index (organisation_id, mrn) still refuses a concurrent duplicate (409 conflict).
 */
export async function assertMrnFree(
  tx: Transaction,
  organisationId: string,
  mrn: string,
  exceptPatientId?: string,
): Promise<void> {
  const [taken] = (await tx.manager.query(
    `SELECT 1 FROM patient WHERE organisation_id = $1 AND mrn = $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [organisationId, mrn, exceptPatientId ?? null],
  )) as unknown[];
  if (taken)
    throw ProblemException.conflict('mrn-taken', 'Another patient of the organisation has this medical record number.', {
      errors: [{ field: 'mrn', reason: 'already names another patient' }],
    });
}
