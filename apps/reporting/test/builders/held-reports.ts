import type pg from 'pg';
import type { TestDatabase } from '@chairside/testing';

/**
 * Reports held in PostgreSQL on purpose, for the tests of the report gate: a test transaction locks
 * a table one of a report's statements reads (kpi_message_day, which neither the bookings' facts nor
 * the rollup refresh write), so a report asked meanwhile is certainly running, not racing.
 */
export async function holdReports(holder: pg.Client): Promise<void> {
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE kpi_message_day IN ACCESS EXCLUSIVE MODE');
}

/** Lets the held reports go. */
export function releaseReports(holder: pg.Client): Promise<unknown> {
  return holder.query('ROLLBACK');
}

/** Report statements waiting for the test's lock (the reports' own pool names its connections). */
export async function reportsHeldInDatabase(db: TestDatabase): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'chairside-reporting-reports' AND wait_event_type = 'Lock'`,
    [db.name],
  );
  return row!.n;
}

/** A gauge of reporting's own /metrics (kpis/report-gate.ts): reports computed, or waiting for a slot. */
export async function reportGate(reportingUrl: string, name: 'running' | 'waiting'): Promise<number> {
  const text = await (await fetch(`${reportingUrl}/metrics`)).text();
  return Number(new RegExp(`^chairside_kpi_reports_${name}\\{service="reporting"\\} (\\S+)`, 'm').exec(text)?.[1]);
}
