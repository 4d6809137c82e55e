import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CERTIFICATIONS, type Certification } from '@chairside/domain';
import { AffectedAppointmentView } from '../../locations/dto/location.dto.js';
import { IsLocalDate } from '@chairside/platform';

export class RegisterNurseDto {
  @ApiProperty({ example: 'Nurse Alvarez' })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty({ enum: CERTIFICATIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CERTIFICATIONS.length)
  @IsIn(CERTIFICATIONS, { each: true })
  certifications!: Certification[];

  @ApiPropertyOptional({ default: 4, description: 'Patients monitored at once.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8)
  capacity?: number;

  @ApiPropertyOptional({ default: 15, description: 'Minutes of exclusive set-up per patient start.' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(60)
  startWindowMinutes?: number;
}

export class UpdateNurseDto {
  @ApiPropertyOptional({ description: 'Patients monitored at once.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8)
  capacity?: number;

  @ApiPropertyOptional({ description: 'Minutes of exclusive set-up per patient start.' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(60)
  startWindowMinutes?: number;

  @ApiPropertyOptional({ enum: CERTIFICATIONS, isArray: true, description: 'The full new list.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CERTIFICATIONS.length)
  @IsIn(CERTIFICATIONS, { each: true })
  certifications?: Certification[];
}

export class UpdatedNurseView {
  @ApiProperty() nurseId!: string;
  @ApiProperty() locationId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() startWindowMinutes!: number;
  @ApiProperty({ enum: CERTIFICATIONS, isArray: true }) certifications!: Certification[];
  @ApiProperty({ description: 'Send as If-Match to update without overwriting someone else’s change.' }) version!: number;
  @ApiProperty({
    type: [AffectedAppointmentView],
    description: 'Her coming appointments the new values no longer allow: flagged at risk and handed to the re-plan.',
  })
  affectedAppointments!: AffectedAppointmentView[];
}

export class BreakDto {
  @ApiProperty() @Type(() => Date) @IsDate({ message: 'must be an ISO-8601 instant' }) start!: Date;
  @ApiProperty() @Type(() => Date) @IsDate({ message: 'must be an ISO-8601 instant' }) end!: Date;
}

export class AddShiftDto {
  @ApiProperty({ example: '2026-12-01T13:30:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  startsAt!: Date;

  @ApiProperty({ example: '2026-12-01T22:00:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  endsAt!: Date;

  @ApiPropertyOptional({ type: [BreakDto], maxItems: 8 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => BreakDto)
  breaks?: BreakDto[];
}

export class RemoveShiftDto {
  @ApiProperty({ example: 'sick call', description: 'Why the shift is removed (kept on the event).' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ShiftsQueryDto {
  @ApiProperty({ example: '2030-01-07', description: "The first local date in the location's zone." })
  @IsLocalDate()
  from!: string;

  @ApiPropertyOptional({ example: 1, minimum: 1, maximum: 14, description: 'How many local days (default 1).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(14)
  days?: number;
}

/** A nurse of the location, as listed and as registered. */
export class NurseView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The same as id.' }) nurseId!: string;
  @ApiProperty() locationId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: CERTIFICATIONS, isArray: true }) certifications!: Certification[];
  @ApiProperty({ description: 'Patients monitored at once.' }) capacity!: number;
  @ApiProperty({ description: 'Minutes of exclusive set-up per patient start.' }) startWindowMinutes!: number;
}

export class ListedNurseView extends NurseView {
  @ApiProperty({ description: 'Send as If-Match to update without overwriting someone else’s change.' }) version!: number;
}

export class ShiftBreakView {
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
}

export class AddedShiftView {
  @ApiProperty() id!: string;
  @ApiProperty() nurseId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ type: [ShiftBreakView] }) breaks!: ShiftBreakView[];
}

export class LocationShiftView extends AddedShiftView {
  @ApiProperty() nurseName!: string;
}

export class LocationShiftsView {
  @ApiProperty() locationId!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ description: 'The first local date.' }) from!: string;
  @ApiProperty() days!: number;
  @ApiProperty({ type: [LocationShiftView] }) shifts!: LocationShiftView[];
}

export class ChangedShiftView {
  @ApiProperty() shiftId!: string;
  @ApiProperty() nurseId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ type: [ShiftBreakView] }) breaks!: ShiftBreakView[];
  @ApiProperty({
    type: [AffectedAppointmentView],
    description: 'Her appointments the new times no longer cover: flagged for re-planning.',
  })
  affectedAppointments!: AffectedAppointmentView[];
}

export class RemovedShiftView {
  @ApiProperty() shiftId!: string;
  @ApiProperty() nurseId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({
    type: [AffectedAppointmentView],
    description: 'Her appointments in the shift: still booked, flagged for re-planning.',
  })
  affectedAppointments!: AffectedAppointmentView[];
}
