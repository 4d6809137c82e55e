import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Length } from 'class-validator';

export class ScheduleChairOutageDto {
  @ApiProperty({ example: '2026-12-01T14:00:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  startsAt!: Date;

  @ApiProperty({ example: '2026-12-03T14:00:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  endsAt!: Date;

  @ApiProperty({ example: 'Recliner motor repair' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ChairOutageView {
  @ApiProperty() id!: string;
  @ApiProperty() chairId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({
    type: [String],
    description: 'Appointments on this chair during the outage: they stay booked until someone moves them.',
  })
  affectedAppointmentIds!: string[];
}

export class CancelChairOutageDto {
  @ApiPropertyOptional({ example: 'repaired early' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
