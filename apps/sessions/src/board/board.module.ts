import { Module } from '@nestjs/common';
import { BoardController } from './board.controller.js';
import { DayBoardQuery } from './day-board.query.js';

/** The day board: read only, built from the sessions and the directory. */
@Module({ controllers: [BoardController], providers: [DayBoardQuery] })
export class BoardModule {}
