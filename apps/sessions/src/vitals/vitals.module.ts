import { Module } from '@nestjs/common';
import { RecordVitalsUseCase } from './record-vitals/record-vitals.use-case.js';
import { VitalsWriter } from './record-vitals/vitals-writer.js';
import { ReportOverdueVitalsUseCase } from './report-overdue-vitals/report-overdue-vitals.use-case.js';
import { VitalsController } from './vitals.controller.js';
import { EnterVitalsInErrorUseCase } from './enter-vitals-in-error/enter-vitals-in-error.use-case.js';

@Module({
  controllers: [VitalsController],
  providers: [RecordVitalsUseCase, VitalsWriter, ReportOverdueVitalsUseCase, EnterVitalsInErrorUseCase],
  exports: [ReportOverdueVitalsUseCase],
})
export class VitalsModule {}
