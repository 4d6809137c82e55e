import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { BookTreatmentPlanUseCase } from './book-treatment-plan/book-treatment-plan.use-case.js';
import { TreatmentPlansController } from './treatment-plans.controller.js';
import { CancelTreatmentPlanUseCase } from './cancel-treatment-plan/cancel-treatment-plan.use-case.js';

@Module({
  imports: [AppointmentsModule],
  controllers: [TreatmentPlansController],
  providers: [BookTreatmentPlanUseCase, CancelTreatmentPlanUseCase],
})
export class TreatmentPlansModule {}
