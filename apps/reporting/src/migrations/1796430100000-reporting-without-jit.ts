import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting's statements read a few rows of a few days each (inbox runs, histogram triggers, the
 * rollup recompute, reports), but the planner guesses 1,000 rows for every generate_series and
 * transition table: past jit_above_cost it compiled them, about 0.7 s of CPU a statement, more than
 * any of them takes to run (an organisation's heatmap month went from 1.6 s to 22 s once read in
 * chunks; the recompute held its locations' locks for seconds). Off for this database's sessions.
 */
export class ReportingWithoutJit1796430100000 implements MigrationInterface {
  name = 'ReportingWithoutJit1796430100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = off', current_database()); END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET jit', current_database()); END $$`);
  }
}
