import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, Roles, uuidParam, WithinDaysAfter } from '@chairside/platform';
import { Audited } from '@chairside/audit';
import { PageQueryDto } from '../work-queues/dto/work-queue.dto.js';
import { OverbookingsQuery } from './overbookings/overbookings.query.js';

export class OverbookingsQueryDto extends PageQueryDto {
  @ApiProperty({ example: '2030-01-01T00:00:00Z', description: 'Overbookings recorded from this instant…' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  from!: Date;

  @ApiProperty({ example: '2030-02-01T00:00:00Z', description: '…until this one, at most 92 days later.' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  @WithinDaysAfter('from', 92)
  to!: Date;
}

@ApiTags('appointments')
@Controller('locations/:locationId/overbookings')
export class OverbookingsController {
  constructor(private readonly overbookings: OverbookingsQuery) {}

  @Get()
  @Audited({ resource: 'overbooking-audit', action: 'search', resourceId: 'locationId' })
  @Roles('admin', 'scheduler', 'charge-nurse')
  list(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Query() query: OverbookingsQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.overbookings.execute({
      organisationId: user.org,
      locationId,
      from: query.from,
      to: query.to,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
  }
}
