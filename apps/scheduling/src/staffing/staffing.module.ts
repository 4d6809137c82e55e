import { Module } from '@nestjs/common';
import { AddShiftUseCase } from './add-shift/add-shift.use-case.js';
import { RegisterNurseUseCase } from './register-nurse/register-nurse.use-case.js';
import { StaffingController } from './staffing.controller.js';

@Module({ controllers: [StaffingController], providers: [RegisterNurseUseCase, AddShiftUseCase] })
export class StaffingModule {}
