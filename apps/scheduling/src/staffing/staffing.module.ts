import { Module } from '@nestjs/common';
import { AddShiftUseCase } from './add-shift/add-shift.use-case.js';
import { RegisterNurseUseCase } from './register-nurse/register-nurse.use-case.js';
import { StaffingController } from './staffing.controller.js';
import { ChangeShiftUseCase } from './change-shift/change-shift.use-case.js';
import { RemoveShiftUseCase } from './remove-shift/remove-shift.use-case.js';
import { ShiftsQuery } from './shifts/shifts.query.js';
import { UpdateNurseUseCase } from './update-nurse/update-nurse.use-case.js';

@Module({
  controllers: [StaffingController],
  providers: [RegisterNurseUseCase, AddShiftUseCase, ChangeShiftUseCase, RemoveShiftUseCase, ShiftsQuery, UpdateNurseUseCase],
})
export class StaffingModule {}
