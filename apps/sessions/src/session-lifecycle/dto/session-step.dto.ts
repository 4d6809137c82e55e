import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
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

  @ApiPropertyOptional({ description: 'Follow-up instructions given to the patient (kept with the session, never published).' })
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
