import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, IsLocalDate, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { Audited } from '@chairside/audit';
import { MAX_OFFSET } from '../work-queues/dto/work-queue.dto.js';
import { dayBookCsv, dayBookHtml } from './day-book-print.js';
import { type DayBook, DayBookQuery, PRINTED_DAY_MAX } from './day-book.query.js';

export class DayBookQueryDto {
  @ApiProperty({ example: '2030-01-07', description: "A local date in the location's zone." })
  @IsLocalDate()
  date!: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'html'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'html'])
  format?: 'json' | 'csv' | 'html';

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 200, description: 'JSON only: CSV and HTML print the whole day.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;
}

/** A location's day as the front desk reads and prints it. */
@ApiTags('day-book')
@Controller('locations/:locationId/day-book')
export class DayBookController {
  constructor(private readonly dayBook: DayBookQuery) {}

  @Get()
  @Audited({ resource: 'day-book', action: 'read', resourceId: 'locationId' })
  @Roles('admin', 'scheduler', 'charge-nurse', 'nurse')
  @ApiProduces('application/json', 'text/csv', 'text/html')
  async read(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Query() query: DayBookQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DayBook | string> {
    const format = query.format ?? 'json';
    const printed = format !== 'json';
    const book = await this.dayBook.execute({
      organisationId: user.org,
      locationId,
      date: query.date,
      limit: printed ? PRINTED_DAY_MAX : (query.limit ?? 100),
      offset: printed ? 0 : (query.offset ?? 0),
    });
    if (!printed) return book;
    if (book.nextOffset !== null)
      throw ProblemException.validation([
        { field: 'format', reason: `the day has more than ${PRINTED_DAY_MAX} appointments: read it as JSON pages` },
      ]);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="day-book-${query.date}.csv"`);
      return dayBookCsv(book);
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return dayBookHtml(book);
  }
}
