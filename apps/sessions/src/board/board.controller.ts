import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles, uuidParam } from '@chairside/platform';
import { DayBoardQuery, type DayBoard } from './day-board.query.js';
import { BoardQueryDto } from './dto/board-query.dto.js';
import { Audited } from '@chairside/audit';

@ApiTags('sessions')
@Controller('locations/:locationId')
export class BoardController {
  constructor(private readonly board: DayBoardQuery) {}

  @Get('board')
  @Audited({ resource: 'day-board', action: 'read', resourceId: 'locationId' })
  @Roles('admin', 'scheduler', 'charge-nurse', 'nurse')
  @ApiOkResponse({ description: "The day's sessions by chair and nurse, live status and what runs late." })
  dayBoard(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Query() query: BoardQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DayBoard> {
    return this.board.execute({
      organisationId: user.org,
      locationId,
      ...(query.date !== undefined ? { date: query.date } : {}),
      now: new Date(),
    });
  }
}
