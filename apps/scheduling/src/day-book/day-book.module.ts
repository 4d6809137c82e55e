import { Module } from '@nestjs/common';
import { DayBookController } from './day-book.controller.js';
import { DayBookQuery } from './day-book.query.js';

@Module({ controllers: [DayBookController], providers: [DayBookQuery] })
export class DayBookModule {}
