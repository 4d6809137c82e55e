import { Module } from '@nestjs/common';
import { RecordVitalsUseCase } from './record-vitals/record-vitals.use-case.js';
import { VitalsWriter } from './record-vitals/vitals-writer.js';
import { ReportOverdueVitalsUseCase } from './report-overdue-vitals/report-overdue-vitals.use-case.js';
import { VitalsController } from './vitals.controller.js';

@Module({
  controllers: [VitalsController],
  providers: [RecordVitalsUseCase, VitalsWriter, ReportOverdueVitalsUseCase],
  exports: [ReportOverdueVitalsUseCase],
})
export class VitalsModule {}
