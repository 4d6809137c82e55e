import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

export class RegisterPatientDto {
  @ApiProperty() @IsString() @Length(1, 100) givenName!: string;
  @ApiProperty() @IsString() @Length(1, 100) familyName!: string;
  @ApiProperty({ example: '1961-04-12' }) @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) dateOfBirth!: string;
  @ApiPropertyOptional({ example: '+13125550100' }) @IsOptional() @Matches(/^\+[1-9]\d{6,14}$/, { message: 'must be an E.164 phone number such as +13125550100' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'must be an email address' }) email?: string;
  @ApiPropertyOptional({ enum: ['en', 'es'], default: 'en' }) @IsOptional() @IsIn(['en', 'es']) preferredLanguage?: 'en' | 'es';
  @ApiPropertyOptional({ enum: ['email', 'sms'], default: 'email' }) @IsOptional() @IsIn(['email', 'sms']) preferredChannel?: 'email' | 'sms';
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() notificationConsent?: boolean;
}
