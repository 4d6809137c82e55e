import type { MigrationInterface, QueryRunner } from 'typeorm';

/** For services that accept Idempotency-Key on POST. (Moved from libs/messaging with its class name and SQL unchanged: it is applied.) */
export class IdempotencyKeys1764230900000 implements MigrationInterface {
  name = 'IdempotencyKeys1764230900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "idempotency_key" (
      "scope" text NOT NULL,
      "key" text NOT NULL,
      "fingerprint" text NOT NULL,
      "response_status" integer,
      "response_body" jsonb,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_idempotency_key" PRIMARY KEY ("scope", "key")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_key"`);
  }
}
