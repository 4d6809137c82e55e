import { Module } from '@nestjs/common';
import { ChangeTextOptOutUseCase } from './change-text-opt-out/change-text-opt-out.use-case.js';

/** Numbers that replied STOP (dispatch checks them before every text). */
@Module({ providers: [ChangeTextOptOutUseCase], exports: [ChangeTextOptOutUseCase] })
export class OptOutModule {}
