import { Module } from '@nestjs/common';
import { AddClosureUseCase } from './add-closure/add-closure.use-case.js';
import { ClosuresController } from './closures.controller.js';

@Module({ controllers: [ClosuresController], providers: [AddClosureUseCase] })
export class ClosuresModule {}
