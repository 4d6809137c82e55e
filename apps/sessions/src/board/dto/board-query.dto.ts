import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLocalDate } from '@chairside/platform';

export class BoardQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: "The day in the location's time zone; today there when absent." })
  @IsOptional()
  @IsLocalDate()
  date?: string;
}
