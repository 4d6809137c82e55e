import type { MigrationInterface, QueryRunner } from 'typeorm';

const DAY_KEY = `"location_id" uuid NOT NULL, "local_date" date NOT NULL`;

/** The local date of an instant at a location (NULL while its time zone is unknown). */
const localDate = (instant: string) => `(${instant} AT TIME ZONE l.time_zone)::date`;

/**
 * KPI rollups per location and local day, and the triggers that mark the days a write to the facts
 * touched: a trigger sees every write (each projector's, a replay's, a bulk load's), old and new
 * day of a moved visit alike, so no writer can forget to. The marked days are recomputed at the
 * end of the same transaction (kpi-rollups.projector.ts), which holds a per-location lock from its
 * first fact write, so a fact is never written while another transaction recomputes its days.
 */
export class KpiRollups1764232000000 implements MigrationInterface {
  name = 'KpiRollups1764232000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "kpi_stale_day" (${DAY_KEY}, CONSTRAINT "PK_kpi_stale_day" PRIMARY KEY ("location_id", "local_date"))`,
    );
    await q.query(`CREATE TABLE "kpi_therapy_day" (${DAY_KEY}, "therapy_code" text NOT NULL,
      "visits" integer NOT NULL, "held" integer NOT NULL, "infusions" integer NOT NULL, "no_shows" integer NOT NULL,
      "late_cancellations" integer NOT NULL, "on_time_starts" integer NOT NULL, "confirmed_held" integer NOT NULL,
      "planned_minutes" double precision NOT NULL, "used_minutes" double precision NOT NULL,
      "planned_duration_sum" bigint NOT NULL, "planned_duration_n" integer NOT NULL,
      "infusing_minutes_sum" bigint NOT NULL, "infusing_minutes_n" integer NOT NULL,
      "lead_held" integer array NOT NULL, "lead_no_shows" integer array NOT NULL,
      "reminded_held" integer NOT NULL, "reminded_no_shows" integer NOT NULL, "unreminded_held" integer NOT NULL, "unreminded_no_shows" integer NOT NULL,
      CONSTRAINT "PK_kpi_therapy_day" PRIMARY KEY ("location_id", "local_date", "therapy_code"))`);
    await q.query(
      `CREATE TABLE "kpi_location_day" (${DAY_KEY}, "waits" double precision array NOT NULL, CONSTRAINT "PK_kpi_location_day" PRIMARY KEY ("location_id", "local_date"))`,
    );
    await q.query(`CREATE TABLE "kpi_wait_histogram" (${DAY_KEY}, "therapy_code" text NOT NULL, "wait" smallint NOT NULL, "bucket" integer NOT NULL,
      "visits" integer NOT NULL, CONSTRAINT "PK_kpi_wait_histogram" PRIMARY KEY ("location_id", "local_date", "therapy_code", "wait", "bucket"))`);
    await q.query(`CREATE TABLE "kpi_wait_histogram_month" ("location_id" uuid NOT NULL, "month" date NOT NULL, "therapy_code" text NOT NULL,
      "wait" smallint NOT NULL, "bucket" integer NOT NULL, "visits" integer NOT NULL,
      CONSTRAINT "PK_kpi_wait_histogram_month" PRIMARY KEY ("location_id", "month", "therapy_code", "wait", "bucket"))`);
    await q.query(
      `CREATE TABLE "kpi_message_day" (${DAY_KEY}, "status" text NOT NULL, "messages" integer NOT NULL, CONSTRAINT "PK_kpi_message_day" PRIMARY KEY ("location_id", "local_date", "status"))`,
    );
    await q.query(`CREATE TABLE "kpi_reaction_day" (${DAY_KEY}, "therapy_code" text NOT NULL, "grade" integer NOT NULL, "reactions" integer NOT NULL,
      CONSTRAINT "PK_kpi_reaction_day" PRIMARY KEY ("location_id", "local_date", "therapy_code", "grade"))`);
    await q.query(`CREATE TABLE "kpi_hour" (${DAY_KEY}, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "scheduled_chairs_peak" integer NOT NULL, "chairs_in_use_peak" integer NOT NULL, "patients_per_nurse_peak" integer NOT NULL, "infusion_starts" integer NOT NULL,
      CONSTRAINT "PK_kpi_hour" PRIMARY KEY ("location_id", "local_date", "starts_at"))`);

    // The message rollup reads a location's messages by day.
    await q.query(`CREATE INDEX "message_fact_location_at_idx" ON "message_fact" ("location_id", "at")`);
    const mark = (select: string) =>
      `INSERT INTO kpi_stale_day (location_id, local_date) SELECT DISTINCT * FROM (${select}) marked WHERE local_date IS NOT NULL ON CONFLICT DO NOTHING;`;
    const visitDays = (rows: string) =>
      `SELECT r.location_id, ${localDate('r.starts_at')} AS local_date FROM ${rows} r JOIN directory_location l ON l.location_id = r.location_id`;
    // A message counts on its own day and, as a reminder, on its visit's day.
    const messageDays = (rows: string) =>
      `SELECT r.location_id, ${localDate('r.at')} AS local_date FROM ${rows} r JOIN directory_location l ON l.location_id = r.location_id
       UNION ALL SELECT v.location_id, ${localDate('v.starts_at')} FROM ${rows} r JOIN visit_fact v ON v.appointment_id = r.appointment_id JOIN directory_location l ON l.location_id = v.location_id`;
    const reactionDays = (rows: string) =>
      `SELECT r.location_id, ${localDate('r.occurred_at')} AS local_date FROM ${rows} r JOIN directory_location l ON l.location_id = r.location_id`;
    const functions: Array<[string, string]> = [
      ['kpi_mark_visit_insert', mark(visitDays('new_rows'))],
      ['kpi_mark_visit_update', mark(`${visitDays('old_rows')} UNION ALL ${visitDays('new_rows')}`)],
      ['kpi_mark_message_insert', mark(messageDays('new_rows'))],
      ['kpi_mark_message_update', mark(`${messageDays('old_rows')} UNION ALL ${messageDays('new_rows')}`)],
      ['kpi_mark_reaction_insert', mark(reactionDays('new_rows'))],
    ];
    for (const [name, body] of functions)
      await q.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body} RETURN NULL; END $$`);
    for (const [table, kind] of [
      ['visit_fact', 'visit'],
      ['message_fact', 'message'],
      ['reaction_fact', 'reaction'],
    ] as const) {
      await q.query(
        `CREATE TRIGGER ${kind}_marks_kpi_days_on_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_${kind}_insert()`,
      );
      if (kind !== 'reaction')
        await q.query(
          `CREATE TRIGGER ${kind}_marks_kpi_days_on_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_${kind}_update()`,
        );
    }
    // A location's zone decides which local day each of its facts falls on: a new or changed zone
    // drops the location's rollups and marks every day its facts fall on under the new zone.
    await q.query(`CREATE FUNCTION kpi_mark_location_zone() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      ${[
        'kpi_therapy_day',
        'kpi_location_day',
        'kpi_wait_histogram',
        'kpi_wait_histogram_month',
        'kpi_message_day',
        'kpi_reaction_day',
        'kpi_hour',
      ]
        .map((t) => `DELETE FROM ${t} WHERE location_id = NEW.location_id;`)
        .join(' ')}
      INSERT INTO kpi_stale_day (location_id, local_date)
        SELECT DISTINCT NEW.location_id, d FROM (
          SELECT (starts_at AT TIME ZONE NEW.time_zone)::date AS d FROM visit_fact WHERE location_id = NEW.location_id AND starts_at IS NOT NULL
          UNION ALL SELECT (at AT TIME ZONE NEW.time_zone)::date FROM message_fact WHERE location_id = NEW.location_id
          UNION ALL SELECT (occurred_at AT TIME ZONE NEW.time_zone)::date FROM reaction_fact WHERE location_id = NEW.location_id) days
        ON CONFLICT DO NOTHING;
      RETURN NULL; END $$`);
    await q.query(
      `CREATE TRIGGER location_zone_marks_kpi_days_on_insert AFTER INSERT ON directory_location FOR EACH ROW WHEN (NEW.time_zone IS NOT NULL) EXECUTE FUNCTION kpi_mark_location_zone()`,
    );
    await q.query(
      `CREATE TRIGGER location_zone_marks_kpi_days_on_update AFTER UPDATE OF time_zone ON directory_location FOR EACH ROW WHEN (NEW.time_zone IS NOT NULL AND OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION kpi_mark_location_zone()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER location_zone_marks_kpi_days_on_update ON directory_location`);
    await q.query(`DROP TRIGGER location_zone_marks_kpi_days_on_insert ON directory_location`);
    await q.query(`DROP FUNCTION kpi_mark_location_zone()`);
    for (const [table, kind] of [
      ['visit_fact', 'visit'],
      ['message_fact', 'message'],
      ['reaction_fact', 'reaction'],
    ] as const) {
      await q.query(`DROP TRIGGER ${kind}_marks_kpi_days_on_insert ON ${table}`);
      if (kind !== 'reaction') await q.query(`DROP TRIGGER ${kind}_marks_kpi_days_on_update ON ${table}`);
      await q.query(`DROP FUNCTION kpi_mark_${kind}_insert()`);
      if (kind !== 'reaction') await q.query(`DROP FUNCTION kpi_mark_${kind}_update()`);
    }
    for (const t of [
      'kpi_hour',
      'kpi_reaction_day',
      'kpi_message_day',
      'kpi_wait_histogram_month',
      'kpi_wait_histogram',
      'kpi_location_day',
      'kpi_therapy_day',
      'kpi_stale_day',
    ])
      await q.query(`DROP TABLE "${t}"`);
    await q.query(`DROP INDEX "message_fact_location_at_idx"`);
  }
}
