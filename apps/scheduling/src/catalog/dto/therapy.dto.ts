import { ApiProperty, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CERTIFICATIONS,
  CHAIR_KINDS,
  ORGANISATION_THERAPY_CODE,
  ROUTES,
  THERAPY_CODES,
  type Certification,
  type ChairKind,
  type Route,
  type TherapyCode,
} from '@chairside/domain';

export class VitalsScheduleDto {
  @ApiProperty({ example: 15 }) @IsInt() @Min(5) @Max(240) firstHourEveryMinutes!: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(5) @Max(480) thenEveryMinutes!: number;
}

/** Every value of one therapy, as the organisation wants it (a full replacement, not a patch). */
export class TherapySettingsDto {
  @ApiProperty({ example: 'Iron infusion' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: 30 }) @IsInt() @Min(30) @Max(12 * 60) defaultDurationMinutes!: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(30) @Max(12 * 60) minDurationMinutes!: number;
  @ApiProperty({ example: 240 }) @IsInt() @Min(30) @Max(12 * 60) maxDurationMinutes!: number;
  @ApiProperty({ enum: ROUTES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROUTES.length)
  @IsIn(ROUTES, { each: true })
  routes!: Route[];
  @ApiProperty({ enum: CHAIR_KINDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHAIR_KINDS.length)
  @IsIn(CHAIR_KINDS, { each: true })
  chairKinds!: ChairKind[];
  @ApiProperty({ enum: CERTIFICATIONS }) @IsIn(CERTIFICATIONS) certification!: Certification;
  @ApiProperty() @IsBoolean() requiresFasting!: boolean;
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(7 * 24 * 60) pharmacyLeadMinutes!: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(24 * 60) observationMinutes!: number;
  @ApiProperty({ example: 10 }) @IsInt() @Min(0) @Max(240) turnoverMinutes!: number;
  @ApiProperty() @IsBoolean() mayDriveAfter!: boolean;
  @ApiProperty({ type: VitalsScheduleDto }) @ValidateNested() @Type(() => VitalsScheduleDto) vitals!: VitalsScheduleDto;
}

export class TherapyView extends TherapySettingsDto {
  @ApiProperty({ enum: THERAPY_CODES }) code!: TherapyCode;
  @ApiProperty({ description: 'True while the organisation uses the catalog default.' }) isDefault!: boolean;
  @ApiProperty({ description: '0 for the catalog default; the ETag.' }) version!: number;
}

/** What a patient is asked to do before a visit (libs/domain `PreparationRequirements`). */
export class PreparationDto {
  @ApiProperty({ description: 'Nothing to eat for the hours before the visit.' }) @IsBoolean() fasting!: boolean;
  @ApiProperty({ description: 'Blood tests the day before.' }) @IsBoolean() labsDayBefore!: boolean;
  @ApiProperty({ description: 'Medicine before the infusion, as prescribed.' }) @IsBoolean() premedication!: boolean;
  @ApiProperty({ description: 'Drink plenty of water the day before and the morning of the visit.' })
  @IsBoolean()
  hydration!: boolean;
  @ApiProperty({ description: 'Come with someone.' }) @IsBoolean() bringCompanion!: boolean;
  @ApiProperty({ description: 'The patient may usually drive home afterwards.' }) @IsBoolean() mayDrive!: boolean;
}

/**
 * A therapy the organisation defines: every value (a full replacement when changed). The placement
 * values and their bounds are the built-ins' own (TherapySettingsDto); fasting and driving are part
 * of its preparation instead.
 */
export class OrganisationTherapyValuesDto extends PickType(TherapySettingsDto, [
  'name',
  'defaultDurationMinutes',
  'minDurationMinutes',
  'maxDurationMinutes',
  'routes',
  'chairKinds',
  'certification',
  'pharmacyLeadMinutes',
  'observationMinutes',
  'turnoverMinutes',
  'vitals',
] as const) {
  @ApiProperty({
    enum: THERAPY_CODES,
    description:
      'The built-in therapy it is counted as wherever the platform needs one of the nine (events, vital-sign schedule, reactions, analytics).',
  })
  @IsIn(THERAPY_CODES)
  countedAs!: TherapyCode;
  @ApiProperty({ type: PreparationDto }) @ValidateNested() @Type(() => PreparationDto) preparation!: PreparationDto;
}

export class DefineTherapyDto extends OrganisationTherapyValuesDto {
  @ApiProperty({
    example: 'ocrelizumab',
    description: "The organisation's code: lower-case letters, digits and '-', 2–40 characters, never one of the nine.",
  })
  @IsString()
  @Matches(ORGANISATION_THERAPY_CODE, { message: "must be 2–40 lower-case letters, digits or '-', starting with a letter" })
  code!: string;
}

export class OrganisationTherapyView extends DefineTherapyDto {
  @ApiProperty({ format: 'uuid', description: 'Book it with therapyId.' }) id!: string;
  @ApiProperty({ description: 'The ETag.' }) version!: number;
}
