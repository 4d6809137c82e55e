import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_RUNTIME_GRANTS } from '@chairside/audit';
import { grantRuntimeRole, revokeRuntimeRole, type RuntimeGrants } from '@chairside/database';

/**
 * The notifications process connects as `chairside_notifications` (DATABASE_RUNTIME_USER), not as the owner that
 * runs these migrations: it reads and writes its tables and nothing else.
 */
const GRANTS: RuntimeGrants = {
  service: 'notifications',
  ...AUDIT_RUNTIME_GRANTS,
  appendOnly: AUDIT_RUNTIME_GRANTS.appendOnly,
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
