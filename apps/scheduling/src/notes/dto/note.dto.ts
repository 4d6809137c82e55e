import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsOptional, IsUUID, Length, Matches } from 'class-validator';

export class AddNoteDto {
  @ApiProperty({ description: 'Free text, 1 to 2000 characters (patient data: audited, never logged).' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'must not be blank' })
  body!: string;
}

export class AddPatientNoteDto extends AddNoteDto {
  @ApiPropertyOptional({ description: "Where the note is written; the caller's only location when absent." })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  locationId?: string;
}
