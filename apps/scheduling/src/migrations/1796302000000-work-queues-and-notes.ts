import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What schedulers did about the items of their work queues, and their notes on patients and appointments. */
export class WorkQueuesAndNotes1796302000000 implements MigrationInterface {
  name = 'WorkQueuesAndNotes1796302000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "work_item_resolution" (
        "id" uuid NOT NULL,
        "location_id" uuid NOT NULL,
        "queue" text NOT NULL,
        "subject_id" uuid NOT NULL,
        "item_key" text NOT NULL,
        "outcome" text NOT NULL,
        "note" text,
        "actor_id" text NOT NULL,
        "resolved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_work_item_resolution" PRIMARY KEY ("id"),
        CONSTRAINT "work_item_resolution_item_key" UNIQUE ("queue", "subject_id", "item_key")
      )`,
    );
    await q.query(`CREATE INDEX "work_item_resolution_location_idx" ON "work_item_resolution" ("location_id", "resolved_at")`);
    await q.query(
      `CREATE TABLE "note" (
        "id" uuid NOT NULL,
        "organisation_id" uuid NOT NULL,
        "location_id" uuid NOT NULL,
        "patient_id" uuid NOT NULL,
        "appointment_id" uuid,
        "author_id" text NOT NULL,
        "body" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_note" PRIMARY KEY ("id"),
        CONSTRAINT "FK_note_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_note_appointment" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_note_location" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT
      )`,
    );
    await q.query(`CREATE INDEX "note_patient_idx" ON "note" ("patient_id", "created_at")`);
    await q.query(`CREATE INDEX "note_appointment_idx" ON "note" ("appointment_id", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "note"`);
    await q.query(`DROP TABLE "work_item_resolution"`);
  }
}
