import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { BookTreatmentPlanUseCase } from './book-treatment-plan/book-treatment-plan.use-case.js';
import { TreatmentPlansController } from './treatment-plans.controller.js';
import { CancelTreatmentPlanUseCase } from './cancel-treatment-plan/cancel-treatment-plan.use-case.js';
import { RescheduleTreatmentPlanUseCase } from './reschedule-treatment-plan/reschedule-treatment-plan.use-case.js';
import { TreatmentPlanQuery } from './treatment-plan.query.js';

@Module({
  imports: [AppointmentsModule],
  controllers: [TreatmentPlansController],
  providers: [BookTreatmentPlanUseCase, CancelTreatmentPlanUseCase, RescheduleTreatmentPlanUseCase, TreatmentPlanQuery],
})
export class TreatmentPlansModule {}
