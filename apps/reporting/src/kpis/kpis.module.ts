import { Module } from '@nestjs/common';
import { KpisController } from './kpis.controller.js';
import { KpiReportQuery } from './kpi-report.query.js';
import { FreshnessController } from './freshness.controller.js';
import { ReportFreshness } from './report-freshness.js';
import { ReportGate } from './report-gate.js';

/** KPIs read on request from the rollups. */
@Module({
  controllers: [KpisController, FreshnessController],
  providers: [KpiReportQuery, ReportFreshness, ReportGate],
})
export class KpisModule {}
