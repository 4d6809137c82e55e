import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { AffectedAppointmentView } from '../../locations/dto/location.dto.js';
import { IsLocalDate } from '@chairside/platform';

const LOCAL_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export class AddClosureDto {
  @ApiProperty({ example: '2026-12-24', description: "The local date in the location's zone." })
  @IsLocalDate()
  date!: string;

  @ApiPropertyOptional({
    example: '13:00',
    description: 'Local time it closes; leave from and to out for a holiday (the whole day).',
  })
  @IsOptional()
  @Matches(LOCAL_TIME, { message: "must be a local time 'HH:mm'" })
  from?: string;

  @ApiPropertyOptional({ example: '24:00', description: "Local time it opens again ('24:00' for the day's end)." })
  @IsOptional()
  @Matches(LOCAL_TIME, { message: "must be a local time 'HH:mm'" })
  to?: string;

  @ApiProperty({ example: 'Christmas Eve: closes at one' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ChangeClosureDto {
  @ApiPropertyOptional({ example: '2026-12-31', description: "A new local date in the location's zone." })
  @IsOptional()
  @IsLocalDate()
  date?: string;

  @ApiPropertyOptional({
    example: '13:00',
    nullable: true,
    type: String,
    description: 'New local times, from and to together; both null to close the whole day.',
  })
  @IsOptional()
  @Matches(LOCAL_TIME, { message: "must be a local time 'HH:mm'" })
  from?: string | null;

  @ApiPropertyOptional({ example: '24:00', nullable: true, type: String })
  @IsOptional()
  @Matches(LOCAL_TIME, { message: "must be a local time 'HH:mm'" })
  to?: string | null;

  @ApiPropertyOptional({ example: 'Staff training, afternoon only' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class ClosureView {
  @ApiProperty() id!: string;
  @ApiProperty() locationId!: string;
  @ApiProperty({ enum: ['holiday', 'partial-day'] }) kind!: 'holiday' | 'partial-day';
  @ApiProperty() date!: string;
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'Send as If-Match to change or remove it without overwriting someone else’s change.' })
  version!: number;
}

export class RemovedClosureView {
  @ApiProperty() id!: string;
  @ApiProperty() locationId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() removedAt!: string;
  @ApiProperty({
    type: [AffectedAppointmentView],
    description:
      'Appointments it had flagged that nothing else disturbs: no longer at risk, their proposals for this closure superseded.',
  })
  unflaggedAppointments!: AffectedAppointmentView[];
}

export class AddedClosureView extends ClosureView {
  @ApiProperty({
    type: [AffectedAppointmentView],
    description: 'Appointments in the closed time: still booked, flagged at risk and handed to the re-plan.',
  })
  affectedAppointments!: AffectedAppointmentView[];
}

export class ChangedClosureView extends AddedClosureView {
  @ApiProperty({
    type: [AffectedAppointmentView],
    description:
      'Appointments the old time covered and the new one does not, that nothing else disturbs: no longer at risk, their proposals for this closure superseded.',
  })
  unflaggedAppointments!: AffectedAppointmentView[];
}
