import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, Max, Min } from 'class-validator';

export class ReminderSettingsDto {
  @ApiProperty({
    type: [Number],
    example: [72, 24, 2],
    description: 'Hours before the start; whole days keep the local time across DST changes.',
  })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(336, { each: true })
  reminderOffsetsHours!: number[];
}

export class ReminderSettingsView {
  @ApiProperty({ type: [Number], example: [72, 24, 2], description: 'Hours before the start.' })
  reminderOffsetsHours!: number[];
  @ApiProperty({ description: 'Changes so far; 0 while the defaults apply.' }) version!: number;
}
