import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { CHAIR_KINDS, type ChairKind, isIanaTimeZone } from '@chairside/domain';

@ValidatorConstraint({ name: 'ianaTimeZone' })
export class IanaTimeZoneConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isIanaTimeZone(value);
  }
  defaultMessage(): string {
    return 'must be an IANA time zone such as America/Chicago';
  }
}

/** A name or address of spaces only would show as nothing in the console and in patients' messages. */
const NOT_BLANK = /\S/;

export class RegisterLocationDto {
  @ApiProperty({ example: 'Riverside Infusion Center' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  name!: string;

  @ApiProperty({
    example: 'America/Chicago',
    description: 'IANA time zone: opening hours and reminders follow it, DST included.',
  })
  @IsString()
  @Validate(IanaTimeZoneConstraint)
  timeZone!: string;

  @ApiPropertyOptional({ example: '1200 W Harrison St, Chicago, IL 60607', description: 'Street address patients are sent to.' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  centerAddress?: string;
}

export class UpdateLocationDto {
  @ApiPropertyOptional({ example: 'Riverside Infusion Center' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  name?: string;

  @ApiPropertyOptional({ example: 'America/Chicago' })
  @IsOptional()
  @IsString()
  @Validate(IanaTimeZoneConstraint)
  timeZone?: string;

  @ApiPropertyOptional({ example: '1200 W Harrison St, Chicago, IL 60607' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  centerAddress?: string;
}

export class AddChairDto {
  @ApiProperty({ example: 'Chair 12' })
  @IsString()
  @Length(1, 50)
  label!: string;

  @ApiProperty({ enum: CHAIR_KINDS, example: 'recliner' })
  @IsIn(CHAIR_KINDS)
  kind!: ChairKind;
}

export class LocationView {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ nullable: true, type: String }) centerAddress!: string | null;
  @ApiProperty({ description: 'Send as If-Match to update without overwriting someone else’s change.' }) version!: number;
}

export class ChairView {
  @ApiProperty() id!: string;
  @ApiProperty() locationId!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: CHAIR_KINDS }) kind!: ChairKind;
  @ApiProperty({ nullable: true, type: String, description: 'Since when the chair takes no bookings; null while in service.' })
  retiredAt!: string | null;
  @ApiProperty({ description: 'Send as If-Match to update without overwriting someone else’s change.' }) version!: number;
}

export class UpdateChairDto {
  @ApiPropertyOptional({ example: 'Chair 12 (window)' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  label?: string;

  @ApiPropertyOptional({ description: 'true retires the chair now (it takes no bookings from then on); false brings it back.' })
  @IsOptional()
  @IsBoolean()
  retired?: boolean;
}

/** An appointment a resource change affects: still booked, flagged at risk and handed to the re-plan. */
export class AffectedAppointmentView {
  @ApiProperty() appointmentId!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty() status!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() chairId!: string;
  @ApiProperty() nurseId!: string;
}

export class UpdatedChairView extends ChairView {
  @ApiProperty({ type: [AffectedAppointmentView], description: 'Coming appointments on a chair this change retired.' })
  affectedAppointments!: AffectedAppointmentView[];
}
