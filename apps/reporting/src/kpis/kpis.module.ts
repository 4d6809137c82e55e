import { Module } from '@nestjs/common';
import { KpisController } from './kpis.controller.js';
import { KpiReportQuery } from './kpi-report.query.js';
import { FreshnessController } from './freshness.controller.js';
import { ReportFreshness } from './report-freshness.js';
import { ReportGate } from './report-gate.js';
import { ReportPool } from './report-pool.js';
import { KpiRefresher } from './rollups/kpi-refresher.js';
import { EventsFirst } from './events-first.js';

/** KPIs read on request from the rollups, which KpiRefresher keeps up with the facts. */
@Module({
  controllers: [KpisController, FreshnessController],
  providers: [KpiReportQuery, ReportFreshness, ReportGate, ReportPool, KpiRefresher, EventsFirst],
})
export class KpisModule {}
