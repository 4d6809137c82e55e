import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Length } from 'class-validator';
import { AffectedAppointmentView } from '../../locations/dto/location.dto.js';

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
  @ApiProperty({ description: 'Send as If-Match to edit without overwriting someone else’s change.' }) version!: number;
  @ApiProperty({
    type: [AffectedAppointmentView],
    description: 'The same appointments in full: flagged at risk and handed to the re-plan.',
  })
  affectedAppointments!: AffectedAppointmentView[];
}

export class ChangeChairOutageDto {
  @ApiPropertyOptional({ example: '2026-12-01T14:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  startsAt?: Date;

  @ApiPropertyOptional({ example: '2026-12-03T18:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  endsAt?: Date;

  @ApiPropertyOptional({ example: 'Recliner motor: part on back order' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class ChangedOutageView {
  @ApiProperty() id!: string;
  @ApiProperty() chairId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() version!: number;
  @ApiProperty({
    type: [AffectedAppointmentView],
    description: 'Appointments the new period covers and the old one did not: flagged at risk and handed to the re-plan.',
  })
  affectedAppointments!: AffectedAppointmentView[];
  @ApiProperty({
    type: [AffectedAppointmentView],
    description:
      'Appointments the old period covered and the new one does not, that nothing else disturbs: no longer at risk, their proposals for this outage superseded.',
  })
  unflaggedAppointments!: AffectedAppointmentView[];
}

export class CancelledOutageView {
  @ApiProperty() id!: string;
  @ApiProperty() chairId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() cancelledAt!: string;
  @ApiProperty({ nullable: true, type: String }) cancellationReason!: string | null;
  @ApiProperty({
    type: [AffectedAppointmentView],
    description: 'Appointments it had flagged that nothing else disturbs: no longer at risk, their proposals for it superseded.',
  })
  unflaggedAppointments!: AffectedAppointmentView[];
}

export class CancelChairOutageDto {
  @ApiPropertyOptional({ example: 'repaired early' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
