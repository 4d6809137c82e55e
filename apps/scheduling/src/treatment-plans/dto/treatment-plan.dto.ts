import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { THERAPY_CODES, type TherapyCode } from '@chairside/domain';

export class BookTreatmentPlanDto {
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

  @ApiProperty({ example: 6, description: 'Number of doses, e.g. 6.' })
  @IsInt()
  @Min(1)
  @Max(52)
  doses!: number;

  @ApiProperty({ example: 28, description: 'Days between doses, e.g. 28 for immune globulin every four weeks.' })
  @IsInt()
  @Min(1)
  @Max(365)
  intervalDays!: number;

  @ApiProperty({
    example: '2026-12-01T15:00:00Z',
    description: 'First dose (UTC instant); later doses keep its local wall-clock time.',
  })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  firstStartsAt!: Date;

  @ApiPropertyOptional({ default: 2, description: 'Days a dose may move either way when its target time is taken.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(14)
  toleranceDays?: number;
}

export class RescheduleTreatmentPlanDto {
  @ApiProperty({
    example: '2026-12-08T15:00:00Z',
    description:
      'New time of the first remaining dose (UTC instant, in the future); the others follow at the interval, same local wall-clock time.',
  })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  firstStartsAt!: Date;

  @ApiPropertyOptional({ example: 28, description: "Days between the remaining doses; the plan's own interval when absent." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  intervalDays?: number;
}

export const DOSE_STATES = [
  'pending',
  'held',
  'booked',
  'confirmed',
  'under-way',
  'done',
  'cancelled',
  'no-show',
  'entered-in-error',
] as const;
export type DoseState = (typeof DOSE_STATES)[number];

export class DoseView {
  @ApiProperty() dose!: number;
  @ApiProperty({
    enum: DOSE_STATES,
    description:
      'pending: never placed (targetStartsAt and reason say why); held, booked, confirmed: to come; under-way: the patient is here; done, no-show, cancelled, entered-in-error: as the appointment ended.',
  })
  state!: DoseState;
  @ApiProperty({ type: String, nullable: true }) appointmentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) startsAt!: string | null;
  @ApiPropertyOptional({ description: "The appointment's version (If-Match on its own changes)." }) appointmentVersion?: number;
  @ApiPropertyOptional() targetStartsAt?: string;
  @ApiPropertyOptional() reason?: string;
}

export class PlacedDoseView {
  @ApiProperty() dose!: number;
  @ApiProperty() appointmentId!: string;
  @ApiProperty() startsAt!: string;
}

export class UnplacedDoseView {
  @ApiProperty() dose!: number;
  @ApiProperty() targetStartsAt!: string;
  @ApiProperty() reason!: string;
}

export class TreatmentPlanView {
  @ApiProperty() id!: string;
  @ApiProperty() locationId!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty({ enum: THERAPY_CODES, description: 'For a therapy the organisation defined, the built-in it is counted as.' })
  therapyCode!: TherapyCode;
  @ApiProperty({ type: String, nullable: true, description: 'A therapy the organisation defined, or null.' })
  therapyId!: string | null;
  @ApiProperty() doses!: number;
  @ApiProperty() intervalDays!: number;
  @ApiProperty({ enum: ['active', 'cancelled'] }) status!: 'active' | 'cancelled';
  @ApiProperty({ description: 'Also the ETag; If-Match on cancel and reschedule.' }) version!: number;
  @ApiProperty({ type: [PlacedDoseView], description: 'Doses with an appointment that is not cancelled.' })
  placed!: PlacedDoseView[];
  @ApiProperty({
    type: [UnplacedDoseView],
    description: 'Doses that could not be placed, with why. Empty when the whole plan is booked.',
  })
  unplaced!: UnplacedDoseView[];
  @ApiProperty({ type: [DoseView], description: 'Every dose of the plan, in order, with its state.' })
  series!: DoseView[];
}

export class CancelledTreatmentPlanView {
  @ApiProperty() id!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty({ enum: ['cancelled'] }) status!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [String], description: 'The doses still to come, cancelled with the plan.' })
  cancelledAppointmentIds!: string[];
}
