import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The deepest offset a capped list serves, as scheduling's paged lists. */
export const MAX_LIST_OFFSET = 1000;

export interface CappedListQuery {
  limit?: number;
  offset?: number;
}

/**
 * The query of a list answered as a plain array (the console and the simulator read it so) that
 * still never grows without bound: at most `cap` entries a request (the default, so an ordinary
 * call gets the whole list of an ordinary center), from `offset`; a larger limit or a deeper
 * offset is a 400 naming the field. A full page means there may be more: ask from offset + limit.
 */
export function cappedListQuery(cap: number, what: string): new () => CappedListQuery {
  class CappedListQueryDto implements CappedListQuery {
    @ApiPropertyOptional({
      default: cap,
      minimum: 1,
      maximum: cap,
      description: `At most ${cap} ${what} a request; a full page means there may be more (ask from offset + limit).`,
    })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(cap)
    limit?: number;

    @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_LIST_OFFSET })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(0)
    @Max(MAX_LIST_OFFSET)
    offset?: number;
  }
  return CappedListQueryDto;
}

/** TypeORM's take and skip for a capped list. */
export function cappedPage(query: CappedListQuery, cap: number): { take: number; skip: number } {
  return { take: query.limit ?? cap, skip: query.offset ?? 0 };
}
