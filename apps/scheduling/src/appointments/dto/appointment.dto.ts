import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { THERAPY_CODES, type TherapyCode } from '@chairside/domain';
import { CANCELLATION_REASONS } from '@chairside/contracts';
import { WithinDaysAfter } from '@chairside/platform';

/** Where and when a treatment should go: shared by booking and rescheduling. */
export class PlacementDto {
  @ApiProperty({ example: '2026-12-01T15:00:00Z', description: 'UTC instant (a slot from GET …/slots).' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  startsAt!: Date;

  @ApiPropertyOptional({
    description: 'This patient’s infusion time; the therapy’s default (or the current one when rescheduling) when absent.',
  })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(12 * 60)
  durationMinutes?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chairId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  nurseId?: string;
}

export class BookAppointmentDto extends PlacementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId!: string;

  @ApiPropertyOptional({ enum: THERAPY_CODES, description: 'One of the nine built-in therapies; leave out with therapyId.' })
  @ValidateIf((o: { therapyId?: string }) => o.therapyId === undefined)
  @IsIn(THERAPY_CODES)
  therapyCode?: TherapyCode;

  @ApiPropertyOptional({ format: 'uuid', description: 'A therapy the organisation defined (GET /organisation-therapies).' })
  @IsOptional()
  @IsUUID()
  therapyId?: string;

  @ApiPropertyOptional({
    description:
      'Hold the slot (status proposed) for this many minutes instead of booking it; POST …/book turns the hold into a booking.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  holdMinutes?: number;

  @ApiPropertyOptional({
    description:
      'Admins only: book even outside opening hours, inside the pharmacy lead time or over a nurse’s monitoring capacity, for this reason (audited). Needs chairId and nurseId. A chair or patient in two places at once is never allowed.',
  })
  @IsOptional()
  @IsString()
  @Length(3, 500)
  overbookReason?: string;
}

export class SlotQueryDto {
  @ApiPropertyOptional({ enum: THERAPY_CODES, description: 'One of the nine built-in therapies; leave out with therapyId.' })
  @ValidateIf((o: { therapyId?: string }) => o.therapyId === undefined)
  @IsIn(THERAPY_CODES)
  therapyCode?: TherapyCode;

  @ApiPropertyOptional({ format: 'uuid', description: 'A therapy the organisation defined (GET /organisation-therapies).' })
  @IsOptional()
  @IsUUID()
  therapyId?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId!: string;

  @ApiProperty({ example: '2026-12-01T00:00:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  from!: Date;

  @ApiProperty({ example: '2026-12-15T00:00:00Z', description: 'After from, and at most 31 days after it.' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  @WithinDaysAfter('from', 31)
  to!: Date;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(12 * 60)
  durationMinutes?: number;

  @ApiPropertyOptional({ example: '09:00', description: 'Preferred earliest local start.' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time HH:mm' })
  preferredFrom?: string;

  @ApiPropertyOptional({ example: '11:00' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time HH:mm' })
  preferredTo?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class AppointmentView {
  @ApiProperty() id!: string;
  @ApiProperty() locationId!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty({ enum: THERAPY_CODES, description: 'For a therapy the organisation defined: the built-in it is counted as.' })
  therapyCode!: TherapyCode;
  @ApiProperty({ nullable: true, type: String, description: 'A therapy the organisation defined.' }) therapyId!: string | null;
  @ApiProperty() chairId!: string;
  @ApiProperty() nurseId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) confirmedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'While held (proposed): when the hold lapses.' }) holdExpiresAt!:
    string | null;
  @ApiProperty({ description: 'Placed by an admin against a rule (audited).' }) overbooked!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Since when an earlier session on its chair or nurse is projected to overrun its start.',
  })
  atRiskSince!: string | null;
  @ApiProperty({ nullable: true, type: String }) treatmentPlanId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When the patient left the chair (from the sessions service).' })
  actualEndsAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'While its session overruns: when the patient is now expected to leave; chair, nurse and patient are held until then.',
  })
  overrunEndsAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The patient asked by SMS to move this appointment.' })
  rescheduleRequestedAt!: string | null;
  @ApiProperty() version!: number;
}

export class OrganisationSlotQueryDto extends SlotQueryDto {
  @ApiProperty({ description: 'Locations to search, comma-separated (at most 20).', example: 'uuid1,uuid2', type: String })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  locationIds!: string[];
}

/**
 * Why a slot ranks where it does: the counts the ranker weighs (find-slots.ts), so a screen can say
 * "6 of 20 chairs busy" and "nurse Ana: 2 of 4 patients" instead of a bare score.
 */
export class SlotReasonsView {
  @ApiProperty({ description: 'Most chairs of the location in use at once during the stay, this one included.' })
  chairsBusy!: number;
  @ApiProperty({ description: 'The location’s chairs (what chairsBusy is out of).' }) chairs!: number;
  @ApiProperty({ description: 'Most patients the slot’s nurse monitors at once during the stay, this one included.' })
  nursePatients!: number;
  @ApiProperty({ description: 'Patients the slot’s nurse may monitor at once.' }) nurseCapacity!: number;
  @ApiProperty({ description: 'Other treatments at the location starting within 30 minutes of this start.' })
  startsNearby!: number;
  @ApiProperty({ description: 'Hours between this start and the patient’s preferred times (0 inside them, or none given).' })
  preferenceHours!: number;
  @ApiProperty({
    description:
      'For a stay of 4 hours or more, hours after the day’s opening it starts (long treatments rank early); 0 otherwise.',
  })
  longStayHoursAfterOpening!: number;
}

export class SlotView {
  @ApiProperty() locationId!: string;
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
  @ApiProperty() localStart!: string;
  @ApiProperty() chairId!: string;
  @ApiProperty() nurseId!: string;
  @ApiProperty({ description: 'Lower is better: level load first, then the patient’s preference.' }) score!: number;
  @ApiProperty({ type: SlotReasonsView, description: 'What the score weighs, as counts.' }) reasons!: SlotReasonsView;
}

export class CancelAppointmentDto {
  @ApiProperty({ enum: CANCELLATION_REASONS })
  @IsIn(CANCELLATION_REASONS)
  reason!: (typeof CANCELLATION_REASONS)[number];
}

export class RescheduleAppointmentDto extends PlacementDto {}
