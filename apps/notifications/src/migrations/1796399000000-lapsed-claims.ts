import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How often a message's sender died holding it (its lease lapsed and another dispatcher took it
 * over). Such a message is "in doubt": the dead sender may have handed it to the provider before it
 * could record that, so the patient may have it even if the row ends suppressed or failed.
 */
export class LapsedClaims1796399000000 implements MigrationInterface {
  name = 'LapsedClaims1796399000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "message" ADD "lapsed_claims" integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "message" DROP COLUMN "lapsed_claims"`);
  }
}
