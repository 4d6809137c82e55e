import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_RUNTIME_GRANTS } from '@chairside/audit';
import { grantRuntimeRole, revokeRuntimeRole, type RuntimeGrants } from '@chairside/database';

/**
 * The sessions process connects as `chairside_sessions` (DATABASE_RUNTIME_USER), not as the owner that
 * runs these migrations: it reads and writes its tables and nothing else. Besides the audit trail, the step log and vital signs are clinical records, added and never edited.
 */
const GRANTS: RuntimeGrants = {
  service: 'sessions',
  ...AUDIT_RUNTIME_GRANTS,
  appendOnly: [...AUDIT_RUNTIME_GRANTS.appendOnly, 'session_step', 'vital_signs'],
};

export class RuntimeRole1796300200000 implements MigrationInterface {
  name = 'RuntimeRole1796300200000';

  async up(q: QueryRunner): Promise<void> {
    await grantRuntimeRole(q, GRANTS);
  }

  async down(q: QueryRunner): Promise<void> {
    await revokeRuntimeRole(q, GRANTS);
  }
}
