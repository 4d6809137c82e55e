import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A treatment plan can be cancelled: its remaining doses are cancelled with it. */
export class TreatmentPlanCancellation1796303000000 implements MigrationInterface {
  name = 'TreatmentPlanCancellation1796303000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "treatment_plan" ADD "status" text NOT NULL DEFAULT 'active'`);
    await q.query(`ALTER TABLE "treatment_plan" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "treatment_plan" ADD "cancellation_reason" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "treatment_plan" DROP COLUMN "cancellation_reason"`);
    await q.query(`ALTER TABLE "treatment_plan" DROP COLUMN "cancelled_at"`);
    await q.query(`ALTER TABLE "treatment_plan" DROP COLUMN "status"`);
  }
}
