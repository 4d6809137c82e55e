import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Therapies an organisation defines beyond the nine built in: their own code (never one of the
 * nine), the built-in they are counted as, their placement values and preparation requirements.
 * An appointment of one remembers it (`therapy_id`), so a reschedule or a re-plan places it with
 * the therapy's own chair kinds, certification, observation and turnover.
 */
export class OrganisationTherapies1797061000000 implements MigrationInterface {
  name = 'OrganisationTherapies1797061000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "organisation_therapy" (
      "id" uuid NOT NULL,
      "organisation_id" uuid NOT NULL,
      "code" text NOT NULL,
      "counted_as" text NOT NULL,
      "settings" jsonb NOT NULL,
      "preparation" jsonb NOT NULL,
      "version" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_organisation_therapy_code" UNIQUE ("organisation_id", "code"),
      CONSTRAINT "PK_organisation_therapy" PRIMARY KEY ("id")
    )`);
    await q.query(`ALTER TABLE "appointment" ADD "therapy_id" uuid`);
    await q.query(
      `ALTER TABLE "appointment" ADD CONSTRAINT "FK_appointment_therapy" FOREIGN KEY ("therapy_id") REFERENCES "organisation_therapy"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment" DROP CONSTRAINT "FK_appointment_therapy"`);
    await q.query(`ALTER TABLE "appointment" DROP COLUMN "therapy_id"`);
    await q.query(`DROP TABLE "organisation_therapy"`);
  }
}
