import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { THERAPY_CODES, type TherapyCode } from '@chairside/domain';
import { WithinDaysAfter } from '@chairside/platform';

export class JoinWaitlistDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() patientId!: string;
  @ApiPropertyOptional({ enum: THERAPY_CODES, description: 'One of the nine built-in therapies; leave out with therapyId.' })
  @ValidateIf((o: { therapyId?: string }) => o.therapyId === undefined)
  @IsIn(THERAPY_CODES)
  therapyCode?: TherapyCode;

  @ApiPropertyOptional({ format: 'uuid', description: 'A therapy the organisation defined (GET /organisation-therapies).' })
  @IsOptional()
  @IsUUID()
  therapyId?: string;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(30) @Max(12 * 60) durationMinutes?: number;

  @ApiProperty({ description: 'Earliest acceptable start (UTC instant).' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  earliest!: Date;

  @ApiProperty({ description: 'Latest acceptable start (UTC instant), at most 90 days after earliest.' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  @WithinDaysAfter('earliest', 90)
  latest!: Date;

  @ApiPropertyOptional({ example: '09:00' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time HH:mm' })
  preferredFrom?: string;
  @ApiPropertyOptional({ example: '12:00' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time HH:mm' })
  preferredTo?: string;

  @ApiPropertyOptional({
    type: [Number],
    example: [1, 3, 5],
    description:
      "Days of the week the patient can come, ISO (1 = Monday … 7 = Sunday) in the location's zone; omitted: any day. Freed time on one of them ranks this request higher, on another day lower.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  preferredWeekdays?: number[];
}

export class WaitlistRequestView {
  @ApiProperty() id!: string;
  @ApiProperty() locationId!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty({ enum: THERAPY_CODES, description: 'For a therapy the organisation defined, the built-in it is counted as.' })
  therapyCode!: TherapyCode;
  @ApiProperty({ type: String, nullable: true, description: 'A therapy the organisation defined, or null.' })
  therapyId!: string | null;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty() earliest!: string;
  @ApiProperty() latest!: string;
  @ApiProperty({
    nullable: true,
    type: [Number],
    description: "ISO days of the week (1 = Monday) the patient can come, in the location's zone; null: any day.",
  })
  preferredWeekdays!: number[] | null;
  @ApiProperty({ enum: ['waiting', 'offered', 'booked', 'withdrawn'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The held appointment offered, while the offer stands.' })
  offeredAppointmentId!: string | null;
  @ApiProperty() version!: number;
}
