import { Module } from '@nestjs/common';
import { KpisController } from './kpis.controller.js';
import { KpiReportQuery } from './kpi-report.query.js';
import { FreshnessController } from './freshness.controller.js';
import { ReportFreshness } from './report-freshness.js';

/** KPIs computed on request from the facts. */
@Module({
  controllers: [KpisController, FreshnessController],
  providers: [KpiReportQuery, ReportFreshness],
})
export class KpisModule {}
