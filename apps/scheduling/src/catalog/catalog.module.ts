import { Module } from '@nestjs/common';
import { TherapiesController } from './therapies.controller.js';

@Module({ controllers: [TherapiesController] })
export class CatalogModule {}
