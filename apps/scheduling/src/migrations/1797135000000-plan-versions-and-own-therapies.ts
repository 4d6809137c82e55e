import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Treatment plans get a version (cancel and reschedule take If-Match), and plans and waitlist
 * requests may name a therapy the organisation defined (`therapy_id`), so their doses and offers
 * are placed with its own values, as a single booking of it is.
 */
export class PlanVersionsAndOwnTherapies1797135000000 implements MigrationInterface {
  name = 'PlanVersionsAndOwnTherapies1797135000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "treatment_plan" ADD "version" integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE "treatment_plan" ADD "therapy_id" uuid`);
    await q.query(
      `ALTER TABLE "treatment_plan" ADD CONSTRAINT "FK_treatment_plan_therapy" FOREIGN KEY ("therapy_id") REFERENCES "organisation_therapy"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "waitlist_request" ADD "therapy_id" uuid`);
    await q.query(
      `ALTER TABLE "waitlist_request" ADD CONSTRAINT "FK_waitlist_request_therapy" FOREIGN KEY ("therapy_id") REFERENCES "organisation_therapy"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "waitlist_request" DROP CONSTRAINT "FK_waitlist_request_therapy"`);
    await q.query(`ALTER TABLE "waitlist_request" DROP COLUMN "therapy_id"`);
    await q.query(`ALTER TABLE "treatment_plan" DROP CONSTRAINT "FK_treatment_plan_therapy"`);
    await q.query(`ALTER TABLE "treatment_plan" DROP COLUMN "therapy_id"`);
    await q.query(`ALTER TABLE "treatment_plan" DROP COLUMN "version"`);
  }
}
