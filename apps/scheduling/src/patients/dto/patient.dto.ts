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
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Validate,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, type Channel, HHMM, NOTIFICATION_KINDS, type NotificationKind } from '@chairside/domain';
import { IanaTimeZoneConstraint } from '../../locations/dto/location.dto.js';

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
  @ApiProperty() @IsString() @Length(1, 100) givenName!: string;
  @ApiProperty() @IsString() @Length(1, 100) familyName!: string;
  @ApiProperty({ example: '1961-04-12' })
  @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
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
