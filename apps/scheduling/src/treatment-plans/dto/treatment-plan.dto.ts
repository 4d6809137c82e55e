import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { THERAPY_CODES, type TherapyCode } from '@chairside/domain';

export class BookTreatmentPlanDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() patientId!: string;
  @ApiProperty({ enum: THERAPY_CODES }) @IsIn(THERAPY_CODES) therapyCode!: TherapyCode;
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
  @ApiProperty({ enum: THERAPY_CODES }) therapyCode!: TherapyCode;
  @ApiProperty() doses!: number;
  @ApiProperty() intervalDays!: number;
  @ApiProperty({ type: [PlacedDoseView] }) placed!: PlacedDoseView[];
  @ApiProperty({
    type: [UnplacedDoseView],
    description: 'Doses that could not be placed, with why. Empty when the whole plan is booked.',
  })
  unplaced!: UnplacedDoseView[];
}
