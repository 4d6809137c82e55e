import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class BoardQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: "The day in the location's time zone; today there when absent." })
  @IsOptional()
  @IsString()
  @Length(10, 10)
  date?: string;
}
