import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

export class BoardQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: "The day in the location's time zone; today there when absent." })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a calendar date YYYY-MM-DD' })
  // strict: 2026-02-30 is refused here, not rolled over to March nor left to the database to reject.
  @IsISO8601({ strict: true }, { message: 'must be a calendar date YYYY-MM-DD' })
  date?: string;
}
