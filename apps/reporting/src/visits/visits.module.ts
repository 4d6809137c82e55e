import { Module } from '@nestjs/common';
import { VisitFactsConsumer } from './visit-facts.consumer.js';
import { VisitFactsProjector } from './visit-facts.projector.js';
import { KpisController } from '../kpis/kpis.controller.js';
import { KpiReportQuery } from '../kpis/kpi-report.query.js';

/** The facts every KPI is computed from: one row per visit, reaction and message. */
@Module({
  controllers: [VisitFactsConsumer, KpisController],
  providers: [VisitFactsProjector, KpiReportQuery],
})
export class VisitsModule {}
