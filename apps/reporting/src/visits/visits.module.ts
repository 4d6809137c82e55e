import { Module } from '@nestjs/common';
import { VisitFactsConsumer } from './visit-facts.consumer.js';
import { VisitFactsProjector } from './visit-facts.projector.js';

/** The facts every KPI is computed from: one row per visit, reaction and message. */
@Module({
  controllers: [VisitFactsConsumer],
  providers: [VisitFactsProjector],
})
export class VisitsModule {}
