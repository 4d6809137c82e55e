import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional } from 'class-validator';
import { StepDto } from '../../session-lifecycle/dto/session-step.dto.js';

/** One set of vital signs; values no one could measure are refused by the use case. */
export class VitalsDto extends StepDto {
  @ApiPropertyOptional({ description: 'mm[Hg] (LOINC 8480-6)' })
  @IsOptional()
  @IsInt()
  systolic?: number;

  @ApiPropertyOptional({ description: 'mm[Hg] (LOINC 8462-4)' })
  @IsOptional()
  @IsInt()
  diastolic?: number;

  @ApiPropertyOptional({ description: '/min (LOINC 8867-4)' })
  @IsOptional()
  @IsInt()
  heartRate?: number;

  @ApiPropertyOptional({ description: '/min (LOINC 9279-1)' })
  @IsOptional()
  @IsInt()
  respiratoryRate?: number;

  @ApiPropertyOptional({ description: '°C (LOINC 8310-5)' })
  @IsOptional()
  @IsNumber()
  temperatureC?: number;

  @ApiPropertyOptional({ description: '% (LOINC 2708-6)' })
  @IsOptional()
  @IsInt()
  spo2?: number;

  @ApiPropertyOptional({ description: '0–10 (LOINC 72514-3)' })
  @IsOptional()
  @IsInt()
  pain?: number;
}
