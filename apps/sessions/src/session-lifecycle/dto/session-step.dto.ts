import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DOSE_UNITS,
  type DoseUnit,
  LOT_PATTERN,
  MEDICATION_BOUNDS,
  REACTION_ACTIONS,
  REACTION_KINDS,
  REACTION_OUTCOMES,
  ROUTES,
  type ReactionAction,
  type ReactionKind,
  type ReactionOutcome,
  type Route,
} from '@chairside/domain';

/** Every step may carry the time the device at the chair recorded it; the server's time is kept too. */
export class StepDto {
  @ApiPropertyOptional({
    example: '2026-12-01T15:02:00Z',
    description: "The device's time for the step (UTC instant). The server records its own time beside it.",
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  deviceTime?: Date;
}

export class AccessDto extends StepDto {
  @ApiProperty({ enum: ROUTES })
  @IsIn(ROUTES)
  route!: Route;

  @ApiProperty({ example: 'left forearm', description: 'Where the access is (site), e.g. left forearm, port.' })
  @IsString()
  @Length(1, 100)
  site!: string;

  @ApiProperty({ minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  attempts!: number;

  @ApiProperty()
  @IsBoolean()
  numbingSprayUsed!: boolean;
}

export class StartDto extends StepDto {
  @ApiPropertyOptional({ description: 'Pump rate in mL/h as started.' })
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(2000)
  rateMlPerHour?: number;
}

export class ReasonDto extends StepDto {
  @ApiProperty({ example: 'pump occlusion alarm' })
  @IsString()
  @Length(1, 200)
  reason!: string;
}

export class RateDto extends StartDto {
  @ApiProperty({
    minimum: 1,
    maximum: 200,
    example: 50,
    description: 'Share of the ordered rate: 50 restarts at half rate after a grade 1–2 reaction.',
  })
  @IsInt()
  @Min(1)
  @Max(200)
  ratePercent!: number;
}

export class DischargeDto extends StepDto {
  @ApiPropertyOptional({
    description: "The nurse's decision; when absent, the therapy's default, and never after a reaction of grade 2 or more.",
  })
  @IsOptional()
  @IsBoolean()
  mayDrive?: boolean;

  @ApiPropertyOptional({
    description:
      "What the patient is to do at home, in the nurse's words: kept with the session and sent to the patient with the discharge advice (never to analytics).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  instructions?: string;
}

export class ReactionDto extends StepDto {
  @ApiProperty({ enum: REACTION_KINDS })
  @IsIn(REACTION_KINDS)
  kind!: ReactionKind;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'CTCAE grade' })
  @IsInt()
  @Min(1)
  @Max(5)
  grade!: number;

  @ApiProperty({
    enum: REACTION_ACTIONS,
    isArray: true,
    description: "What was done. 'paused' pauses a running infusion; 'stopped' stops it.",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REACTION_ACTIONS.length)
  @ArrayUnique()
  @IsIn(REACTION_ACTIONS, { each: true })
  actions!: ReactionAction[];

  @ApiProperty({ enum: REACTION_OUTCOMES })
  @IsIn(REACTION_OUTCOMES)
  outcome!: ReactionOutcome;
}

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Continuing against the CTCAE protocol after a grade 3+ reaction: who authorised it, and why. */
export class ReactionOverrideDto {
  @ApiProperty({ example: 'Dr. A. Okafor (on-call oncologist)', description: 'The clinician who authorised continuing.' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  authorisedBy!: string;

  @ApiProperty({ example: 'symptoms resolved after epinephrine; benefit outweighs risk' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ReactionWithOverrideDto extends ReactionDto {
  @ApiPropertyOptional({
    type: ReactionOverrideDto,
    description:
      'Required when a CTCAE grade 3 or 4 reaction does not stop a running (or about to start) infusion: the protocol says stop.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReactionOverrideDto)
  override?: ReactionOverrideDto;
}

/** A medication given at the chair (FHIR MedicationAdministration). */
export class MedicationDto {
  @ApiProperty({ example: 'ondansetron', maxLength: MEDICATION_BOUNDS.drugNameMaxLength })
  @Transform(trimmed)
  @IsString()
  @Length(1, MEDICATION_BOUNDS.drugNameMaxLength)
  drug!: string;

  @ApiProperty({ example: 8, description: 'Dose in doseUnit, more than 0.' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @IsPositive()
  @Max(MEDICATION_BOUNDS.doseMax)
  dose!: number;

  @ApiProperty({ enum: DOSE_UNITS })
  @IsIn(DOSE_UNITS)
  doseUnit!: DoseUnit;

  @ApiProperty({ example: 54, description: 'Volume given in mL (0 for e.g. a tablet).' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MEDICATION_BOUNDS.volumeMlMax)
  volumeMl!: number;

  @ApiProperty({ enum: ROUTES })
  @IsIn(ROUTES)
  route!: Route;

  @ApiProperty({ example: 'B2417-03', description: 'Lot number as printed: letters, digits, - / . and spaces.' })
  @Transform(trimmed)
  @IsString()
  @Length(1, MEDICATION_BOUNDS.lotMaxLength)
  @Matches(LOT_PATTERN, { message: 'must be a lot number: letters, digits, - / . and spaces' })
  lot!: string;

  @ApiProperty({
    example: '2026-12-01T15:02:00Z',
    description: 'When it was given (UTC instant): at most 24 hours ago, at most 5 minutes ahead of the server.',
  })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  administeredAt!: Date;
}

/** Why an entry is entered in error (kept with the correction, audited). */
export class EnteredInErrorDto {
  @ApiProperty({ example: 'recorded on the wrong patient' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 500)
  reason!: string;
}
