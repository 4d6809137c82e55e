import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  IsString,
  Length,
  Matches,
  Validate,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, type Channel, HHMM, NOTIFICATION_KINDS, type NotificationKind } from '@chairside/domain';
import { IanaTimeZoneConstraint } from '../../locations/dto/location.dto.js';
import { IsLocalDate } from '@chairside/platform';

/** Letters, digits, dots, dashes and slashes, 1–32: what record systems print on a wristband. */
export const MRN = /^[A-Za-z0-9][A-Za-z0-9./-]{0,31}$/;
const MRN_MESSAGE = 'must be 1 to 32 letters, digits, dots, dashes or slashes';
const E164 = /^\+[1-9]\d{6,14}$/;
/** The deepest page a search serves: refine the criteria instead. */
export const MAX_SEARCH_OFFSET = 1000;

export class QuietHoursDto {
  @ApiProperty({ example: '21:00' }) @Matches(HHMM, { message: 'must be a local time HH:mm' }) start!: string;
  @ApiProperty({ example: '08:00' }) @Matches(HHMM, { message: 'must be a local time HH:mm' }) end!: string;
}

export class NotificationPreferencesDto {
  @ApiProperty({
    enum: CHANNELS,
    isArray: true,
    example: ['sms', 'email'],
    description: 'Channels to try, in order; the next is the fallback.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHANNELS.length)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels!: Channel[];

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true, example: ['follow-up'] })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_KINDS, { each: true })
  optOutKinds!: NotificationKind[];

  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, description: 'No message starts in this local window.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;

  @ApiPropertyOptional({
    example: 'America/Chicago',
    nullable: true,
    description: "The patient's zone for quiet hours; the center's when absent.",
  })
  @IsOptional()
  @IsString()
  @Validate(IanaTimeZoneConstraint)
  timeZone?: string | null;
}

export class RegisterPatientDto {
  @ApiPropertyOptional({
    description:
      "The organisation's medical record number, unique in it (stored upper case); one is generated (C00000001…) when absent.",
    example: 'MRN-004211',
  })
  @IsOptional()
  @Matches(MRN, { message: MRN_MESSAGE })
  mrn?: string;
  @ApiPropertyOptional({
    description:
      'The location registering the patient: its staff see the patient before a first booking. Required for a user limited to several locations; defaults to the only one.',
  })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  locationId?: string;
  @ApiProperty() @IsString() @Length(1, 100) givenName!: string;
  @ApiProperty() @IsString() @Length(1, 100) familyName!: string;
  @ApiProperty({ example: '1961-04-12' })
  @IsLocalDate({ notAfterToday: true })
  dateOfBirth!: string;
  @ApiPropertyOptional({ example: '+13125550100' })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'must be an E.164 phone number such as +13125550100' })
  phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'must be an email address' }) email?: string;
  @ApiPropertyOptional({ enum: ['en', 'es'], default: 'en' }) @IsOptional() @IsIn(['en', 'es']) preferredLanguage?: 'en' | 'es';
  @ApiPropertyOptional({ enum: ['email', 'sms'], default: 'email' }) @IsOptional() @IsIn(['email', 'sms']) preferredChannel?:
    'email' | 'sms';
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() notificationConsent?: boolean;
  @ApiPropertyOptional({ type: NotificationPreferencesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NotificationPreferencesDto)
  preferences?: NotificationPreferencesDto;
}

/** The whole contact state: what is sent replaces what was there. */
export class UpdatePatientContactDto {
  @ApiPropertyOptional({ example: '+13125550100', nullable: true })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'must be an E.164 phone number such as +13125550100' })
  phone?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsEmail({}, { message: 'must be an email address' }) email?:
    string | null;
  @ApiProperty({ enum: ['en', 'es'] }) @IsIn(['en', 'es']) preferredLanguage!: 'en' | 'es';
  @ApiProperty({ enum: ['email', 'sms'] }) @IsIn(['email', 'sms']) preferredChannel!: 'email' | 'sms';
  @ApiProperty() @IsBoolean() notificationConsent!: boolean;
  @ApiPropertyOptional({ type: NotificationPreferencesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NotificationPreferencesDto)
  preferences?: NotificationPreferencesDto;
}

/** Who the patient is: the whole set, replacing what was there. */
export class UpdatePatientDemographicsDto {
  @ApiProperty() @IsString() @Length(1, 100) givenName!: string;
  @ApiProperty() @IsString() @Length(1, 100) familyName!: string;
  @ApiProperty({ example: '1961-04-12' })
  @IsLocalDate({ notAfterToday: true })
  dateOfBirth!: string;
  @ApiProperty({ example: 'MRN-004211' }) @Matches(MRN, { message: MRN_MESSAGE }) mrn!: string;
  @ApiPropertyOptional({ description: 'The version last read, when If-Match is not sent.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** At least one criterion; all given must hold. */
export class SearchPatientsQueryDto {
  @ApiPropertyOptional({
    description: 'Part of the name, any case, with or without accents, a letter wrong here or there; every word must match.',
    example: 'garcia lu',
  })
  @IsOptional()
  @IsString()
  @Length(2, 100, { message: 'must be 2 to 100 characters' })
  @Matches(/[\p{L}\p{N}].*[\p{L}\p{N}]/u, { message: 'must contain at least two letters or digits' })
  name?: string;
  @ApiPropertyOptional({ example: '1961-04-12' })
  @IsOptional()
  @IsLocalDate()
  dateOfBirth?: string;
  @ApiPropertyOptional({ example: 'MRN-004211' }) @IsOptional() @Matches(MRN, { message: MRN_MESSAGE }) mrn?: string;
  @ApiPropertyOptional({ example: '+13125550100' })
  @IsOptional()
  @Matches(E164, { message: 'must be an E.164 phone number such as +13125550100' })
  phone?: string;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_SEARCH_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SEARCH_OFFSET)
  offset?: number;
}

export class DayPatientNamesQueryDto {
  @ApiProperty({ example: '2030-01-07', description: "A local date in the location's zone (the appointments' planned day)." })
  @IsLocalDate()
  date!: string;
}
