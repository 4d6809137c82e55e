import { ApiProperty } from '@nestjs/swagger';
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
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CERTIFICATIONS,
  CHAIR_KINDS,
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
