import { Module } from '@nestjs/common';
import { ProjectOverrunsUseCase } from './project-overruns/project-overruns.use-case.js';

/** Sessions that will end after their planned end (announcing a slip on a step lives in record-session-step). */
@Module({ providers: [ProjectOverrunsUseCase], exports: [ProjectOverrunsUseCase] })
export class OverrunsModule {}
