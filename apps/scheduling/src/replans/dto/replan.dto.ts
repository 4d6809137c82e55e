import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { IsLocalDate } from '@chairside/platform';

/** At most this many proposals in one apply: a bad morning, not a whole week. */
export const MAX_APPLIED_AT_ONCE = 50;

export class ReplanDayQueryDto {
  @ApiProperty({ example: '2030-01-07', description: "A local date in the location's zone (the appointments' planned day)." })
  @IsLocalDate()
  date!: string;
}

export class ProposalChoiceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'must be a UUID' }) proposalId!: string;

  @ApiProperty({ example: 1, description: "The proposal's version as listed: a proposal that changed since is refused (409)." })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

export class ApplyReplansDto {
  @ApiProperty({ type: [ProposalChoiceDto], description: 'The proposals to apply together, all or nothing.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_APPLIED_AT_ONCE)
  @ValidateNested({ each: true })
  @Type(() => ProposalChoiceDto)
  proposals!: ProposalChoiceDto[];
}

/** A patient who is already here, to another chair or nurse (at least one of them). */
export class MovePatientDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'must be a UUID' }) appointmentId!: string;

  @ApiPropertyOptional({ example: 3, description: "The appointment's version as seen: 409 if it changed since." })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  appointmentVersion?: number;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) chairId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) nurseId?: string;
}
