import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional } from 'class-validator';
import { IsLocalDate } from '@chairside/platform';

/** Local times by ISO weekday: described, so clients see the intervals and not an empty object. */
const WEEKLY_HOURS_SCHEMA = {
  type: 'object' as const,
  additionalProperties: {
    type: 'array',
    items: {
      type: 'object',
      properties: { opens: { type: 'string', example: '08:00' }, closes: { type: 'string', example: '18:00' } },
      required: ['opens', 'closes'],
    },
  },
};

export class OpeningHoursDto {
  @ApiProperty({
    ...WEEKLY_HOURS_SCHEMA,
    example: { '1': [{ opens: '08:00', closes: '18:00' }] },
    description: 'Local times by ISO weekday, 1 = Monday.',
  })
  @IsObject()
  weeklyHours!: Record<string, Array<{ opens: string; closes: string }>>;

  @ApiPropertyOptional({ example: ['2026-12-25'], maxItems: 366 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @IsLocalDate({ each: true })
  closedDates?: string[];
}

export class OpeningHoursView {
  @ApiProperty() locationId!: string;
  @ApiProperty({ ...WEEKLY_HOURS_SCHEMA, description: 'Local times by ISO weekday, 1 = Monday.' })
  weeklyHours!: Record<string, Array<{ opens: string; closes: string }>>;
  @ApiProperty({ type: [String], description: 'Local dates YYYY-MM-DD.' }) closedDates!: string[];
}

export class LocatedOpeningHoursView extends OpeningHoursView {
  @ApiProperty({ description: "The location's zone, which the times are in." }) timeZone!: string;
}
