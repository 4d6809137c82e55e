import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, Matches } from 'class-validator';

export class OpeningHoursDto {
  @ApiProperty({
    example: { '1': [{ opens: '08:00', closes: '18:00' }] },
    description: 'Local times by ISO weekday, 1 = Monday.',
  })
  @IsObject()
  weeklyHours!: Record<string, Array<{ opens: string; closes: string }>>;

  @ApiPropertyOptional({ example: ['2026-12-25'], maxItems: 366 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'each must be a local date YYYY-MM-DD' })
  closedDates?: string[];
}
