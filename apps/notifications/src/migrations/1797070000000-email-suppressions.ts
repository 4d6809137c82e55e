import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Email addresses (by hash) that bounced for good or complained: no more email goes to them. */
export class EmailSuppressions1797070000000 implements MigrationInterface {
  name = 'EmailSuppressions1797070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "email_suppression" (
      "address_hash" text NOT NULL,
      "problem" text NOT NULL,
      "code" text,
      "suppressed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_email_suppression" PRIMARY KEY ("address_hash"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "email_suppression"`);
  }
}
