import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** The deepest page a list serves. */
export const MAX_OFFSET = 1000;

export class PageQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;
}

export class ResolveWorkItemDto {
  @ApiProperty({ description: "The item's key as the queue listed it: the item as the caller saw it." })
  @IsString()
  @Matches(/^[0-9a-f-]{1,40}$/, { message: 'must be the itemKey the queue listed' })
  itemKey!: string;

  @ApiProperty({ example: 'confirmed', description: "One of the queue's outcomes (listed with each item)." })
  @IsString()
  @Length(1, 40)
  outcome!: string;

  @ApiPropertyOptional({ description: 'What was said or done (patient data: audited, never logged).' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}
