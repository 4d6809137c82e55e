import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox tables every service has. Listed first in each service's migrations. */
export class MessagingTables1764230400000 implements MigrationInterface {
  name = 'MessagingTables1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "outbox" (
      "position" BIGSERIAL NOT NULL,
      "event_id" uuid NOT NULL,
      "topic" text NOT NULL,
      "message_key" text NOT NULL,
      "event_type" text NOT NULL,
      "aggregate_type" text NOT NULL,
      "aggregate_id" text NOT NULL,
      "aggregate_sequence" integer NOT NULL,
      "payload" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "published_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_outbox_position" PRIMARY KEY ("position"),
      CONSTRAINT "UQ_outbox_event_id" UNIQUE ("event_id"),
      CONSTRAINT "outbox_aggregate_sequence_key" UNIQUE ("aggregate_type", "aggregate_id", "aggregate_sequence")
    )`);
    await q.query(`CREATE INDEX "outbox_unpublished_idx" ON "outbox" ("position") WHERE published_at IS NULL`);
    await q.query(`CREATE TABLE "inbox" (
      "event_id" uuid NOT NULL,
      "event_type" text NOT NULL,
      "aggregate_id" text NOT NULL,
      "aggregate_sequence" integer NOT NULL,
      "topic" text NOT NULL,
      "partition" integer NOT NULL,
      "kafka_offset" bigint NOT NULL,
      "outcome" text NOT NULL DEFAULT 'applied',
      "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "PK_inbox_event_id" PRIMARY KEY ("event_id")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "inbox"`);
    await q.query(`DROP TABLE "outbox"`);
  }
}
