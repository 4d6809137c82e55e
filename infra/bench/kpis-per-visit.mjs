// The KPI report the way it was computed before the rollups (every visit of the range loaded and
// measured in JavaScript), timed in a process of its own so its memory is its own and a run that
// does not finish can be stopped. Used by kpis.bench.mjs; prints one JSON line: each run's time, the
// CPU ms this process spent on it (process.cpuUsage: the per-visit work is this process's) and its peak RSS.
//   node infra/bench/kpis-per-visit.mjs <database> <query as JSON> <repeats> [json|csv]
// csv: the report and then its CSV of days (kpiCsv), as the old code answered format=csv.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';

const [database, queryJson, repeats = '1', format = 'json'] = process.argv.slice(2);
const { reportingDataSourceOptions } = await import('../../apps/reporting/dist/database/data-source.js');
const { PerVisitKpiReport } = await import('../../apps/reporting/dist/kpis/per-visit/per-visit-kpi-report.js');
const { kpiCsv } = await import('../../apps/reporting/dist/kpis/kpi-report.query.js');
const dataSource = new DataSource({ ...reportingDataSourceOptions({ ...process.env, DATABASE_NAME: database }), logging: false });
await dataSource.initialize();
const report = new PerVisitKpiReport(dataSource, { read: async () => ({ freshAsOf: null, consumerLag: null }) });
const times = [];
const cpuMs = [];
for (let i = 0; i < Number(repeats); i++) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await report.execute(JSON.parse(queryJson));
  const body = format === 'csv' ? kpiCsv(result, 'days') : JSON.stringify(result);
  times.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  cpuMs.push((cpu.user + cpu.system) / 1000);
  if (!body.length) throw new Error('empty report');
}
const peakRss = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
console.log(JSON.stringify({ times, cpuMs, peakRss }));
await dataSource.destroy();
