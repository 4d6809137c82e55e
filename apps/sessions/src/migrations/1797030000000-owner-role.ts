import type { MigrationInterface, QueryRunner } from 'typeorm';
import { grantRuntimeDefaultPrivileges, revokeRuntimeDefaultPrivileges } from '@chairside/database';

/**
 * From here on migrations run as `chairside_sessions_owner` (the owner of this database and its tables,
 * not a superuser; `npm run migrate` hands it what an earlier setup left to the administrator). The
 * tables it creates are the runtime role's to read and write, as the administrator's were.
 */
export class OwnerRole1797030000000 implements MigrationInterface {
  name = 'OwnerRole1797030000000';

  async up(q: QueryRunner): Promise<void> {
    await grantRuntimeDefaultPrivileges(q, 'sessions');
  }

  async down(q: QueryRunner): Promise<void> {
    await revokeRuntimeDefaultPrivileges(q, 'sessions');
  }
}
