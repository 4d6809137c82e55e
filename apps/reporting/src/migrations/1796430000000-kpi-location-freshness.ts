import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The newest fact moment each location's figures include, kept by the rollup recompute
 * (kpi-rollups.projector.ts). Reports read it instead of taking the maximum over every fact of the
 * organisation: at 1.5 million visits that scan took about a second of both cores (a parallel
 * sequential scan) on every report, and so stole the consumers' time under report load.
 */
export class KpiLocationFreshness1796430000000 implements MigrationInterface {
  name = 'KpiLocationFreshness1796430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "kpi_location_fresh" ("location_id" uuid NOT NULL, "fresh_as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_kpi_location_fresh" PRIMARY KEY ("location_id"))`);
    // Once, from the facts as they are (the recompute keeps it from here on).
    await q.query(`INSERT INTO kpi_location_fresh (location_id, fresh_as_of)
      SELECT location_id, max(at) FROM (
        SELECT location_id, greatest(booked_at, cancelled_at, no_show_at, confirmed_at, checked_in_at, seated_at, drug_ready_at,
          infusion_started_at, infusion_completed_at, stopped_early_at, discharged_at) AS at FROM visit_fact
        UNION ALL SELECT location_id, at FROM message_fact
        UNION ALL SELECT location_id, occurred_at FROM reaction_fact) f
      WHERE location_id IS NOT NULL GROUP BY location_id HAVING max(at) IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "kpi_location_fresh"`);
  }
}
