import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version on each day mark, raised by every write that marks the day again, so the rollup
 * refresher no longer needs the locations' locks that the inbox transactions hold.
 *
 * Before, a writer whose day was already marked left the mark as it was (ON CONFLICT DO NOTHING),
 * so a refresh round could take that mark and recompute the day before the writer's facts
 * committed, losing them; the round held each location's lock (kpi-rollups.projector.ts) to stop
 * that, and every inbox transaction of those locations waited for the whole round. Under twenty
 * concurrent reports a round took seconds, and so did the facts (issue 21: inbox commit p99 5.9 s).
 * Now the writer raises the mark's version (row-locking it until it commits), and the round takes
 * only the marks whose version is still the one it read before recomputing, skipping those a
 * writer holds: a day written meanwhile stays marked for the next round, and no writer waits for a
 * round (at most for the instant between a round's last statement and its commit).
 *
 * The mark statements live in six trigger functions written by three earlier migrations
 * (1764232000000, 1796310000000, 1797040000000). Each has exactly one ON CONFLICT clause, on its
 * insert into kpi_stale_day: that clause alone is rewritten in the stored definition, so the rest
 * stays byte for byte what those migrations made, and a definition not as expected stops the migration.
 */
const MARK_FUNCTIONS = [
  'kpi_mark_visit_insert',
  'kpi_mark_visit_update',
  'kpi_mark_message_insert',
  'kpi_mark_message_update',
  'kpi_mark_reaction_insert',
  'kpi_mark_location_zone',
];
const LEAVE = 'ON CONFLICT DO NOTHING';
const RAISE = 'ON CONFLICT (location_id, local_date) DO UPDATE SET version = kpi_stale_day.version + 1';

async function rewrite(q: QueryRunner, from: string, to: string): Promise<void> {
  for (const name of MARK_FUNCTIONS) {
    const [row] = (await q.query(`SELECT pg_get_functiondef($1::regproc) AS def`, [name])) as Array<{ def: string }>;
    const found = row?.def.split(from).length ?? 0;
    if (found !== 2) throw new Error(`${name}: expected one "${from}" in its definition, found ${Math.max(0, found - 1)}`);
    await q.query(row!.def.replace(from, to));
  }
}

export class KpiStaleDayVersions1797321000000 implements MigrationInterface {
  name = 'KpiStaleDayVersions1797321000000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default: no table rewrite, existing marks start at 0.
    await q.query(`ALTER TABLE kpi_stale_day ADD COLUMN "version" bigint NOT NULL DEFAULT 0`);
    await rewrite(q, LEAVE, RAISE);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewrite(q, RAISE, LEAVE);
    await q.query(`ALTER TABLE kpi_stale_day DROP COLUMN "version"`);
  }
}
