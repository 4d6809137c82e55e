// Where a KPI report's time goes in PostgreSQL: runs one report request (as KpiReportQuery.execute
// does, on a loaded benchmark database) `repeats` times, times every statement it sends, prints each
// statement's median and, with EXPLAIN=1, its plan (EXPLAIN ANALYZE, BUFFERS) from the last run.
//   DATABASE_USER=postgres node infra/bench/kpis-explain.mjs <database> <request as JSON> [repeats]
// e.g. '{"locationId":"<uuid>","from":"2027-04-01","to":"2027-04-30"}' (locations: all of the organisation).
import 'reflect-metadata';
import { DataSource } from 'typeorm';

const [database, requestJson, repeats = '20'] = process.argv.slice(2);
const { reportingDataSourceOptions } = await import('../../apps/reporting/dist/database/data-source.js');
const { KpiReportQuery } = await import('../../apps/reporting/dist/kpis/kpi-report.query.js');
const { ReportGate } = await import('../../apps/reporting/dist/kpis/report-gate.js');
const { ReportFreshness } = await import('../../apps/reporting/dist/kpis/report-freshness.js');
const { EventsFirst } = await import('../../apps/reporting/dist/kpis/events-first.js');
const { InboxActivity, ConsumerLagProbe } = await import('../../libs/messaging/dist/index.js');
const { DEV_ORGANISATION_ID } = await import('../../libs/platform/dist/index.js');
const dataSource = new DataSource({ ...reportingDataSourceOptions({ ...process.env, DATABASE_NAME: database }), logging: false });
await dataSource.initialize();
const timings = new Map();
let explain = false;
const pool = {
  queryRunner() {
    const runner = dataSource.createQueryRunner();
    return new Proxy(runner, {
      get(target, key) {
        if (key !== 'query') return Reflect.get(target, key);
        return async (sql, parameters) => {
          const name = sql.replace(/\s+/g, ' ').trim().slice(0, 70);
          if (explain && /^\s*(WITH|SELECT)/i.test(sql) && parameters)
            console.log(
              `--- ${name}\n${(await target.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters)).map((r) => r['QUERY PLAN']).join('\n')}`,
            );
          const t0 = performance.now();
          const result = await target.query(sql, parameters);
          timings.set(name, [...(timings.get(name) ?? []), performance.now() - t0]);
          return result;
        };
      },
    });
  },
};
const config = {
  KPI_REPORTS_AT_ONCE: 1,
  KPI_REPORTS_WAITING: 1,
  KPI_REPORT_STATEMENT_TIMEOUT_MS: 15_000,
  KPI_REPORT_PARALLEL_WORKERS: 0,
  KPI_REPORT_GIVE_WAY_MS: 3_000,
};
const query = new KpiReportQuery(
  dataSource,
  new ReportFreshness(dataSource, new ConsumerLagProbe()),
  new ReportGate(config),
  pool,
  new EventsFirst(new InboxActivity()),
  config,
);
const request = { organisationId: DEV_ORGANISATION_ID, locations: '*', ...JSON.parse(requestJson) };
const totals = [];
for (let i = 0; i < Number(repeats); i++) {
  explain = process.env.EXPLAIN === '1' && i === Number(repeats) - 1;
  const t0 = performance.now();
  await query.execute(request);
  if (!explain) totals.push(performance.now() - t0);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, ms] of timings) console.log(`${median(ms).toFixed(2).padStart(8)} ms median (${ms.length}×)  ${name}`);
console.log(`${median(totals).toFixed(2).padStart(8)} ms median, whole report in-process (${totals.length} runs)`);
// Exits without waiting for the pool to close (its connections go with the process).
process.exit(0);
