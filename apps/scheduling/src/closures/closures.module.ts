import { Module } from '@nestjs/common';
import { AddClosureUseCase } from './add-closure/add-closure.use-case.js';
import { ChangeClosureUseCase } from './change-closure/change-closure.use-case.js';
import { ClosuresController } from './closures.controller.js';
import { RemoveClosureUseCase } from './remove-closure/remove-closure.use-case.js';

@Module({ controllers: [ClosuresController], providers: [AddClosureUseCase, ChangeClosureUseCase, RemoveClosureUseCase] })
export class ClosuresModule {}
