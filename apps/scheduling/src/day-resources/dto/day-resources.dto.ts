import { ApiProperty } from '@nestjs/swagger';
import { IsLocalDate } from '@chairside/platform';

export class DayResourcesQueryDto {
  @ApiProperty({ example: '2030-01-07', description: "A local date in the location's zone." })
  @IsLocalDate()
  date!: string;
}

export class DayOpeningView {
  @ApiProperty({ example: '2030-01-07T07:00:00.000Z' }) opensAt!: string;
  @ApiProperty({ example: '2030-01-07T17:00:00.000Z' }) closesAt!: string;
}

export class DayOutageView {
  @ApiProperty() outageId!: string;
  @ApiProperty() chairId!: string;
  @ApiProperty({ description: 'Start of the outage (it may begin on an earlier day).' }) from!: string;
  @ApiProperty({ description: 'End of the outage (it may end on a later day).' }) to!: string;
  @ApiProperty({ example: 'Recliner motor repair' }) reason!: string;
}

export class DayShiftView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
}

export class DayNurseView {
  @ApiProperty() nurseId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'Patients she monitors at once.', example: 4 }) capacity!: number;
  @ApiProperty({ type: [DayShiftView], description: 'Her shifts that overlap the day, by start.' })
  shifts!: DayShiftView[];
}

export class DayResourcesView {
  @ApiProperty() locationId!: string;
  @ApiProperty({ example: '2030-01-07' }) date!: string;
  @ApiProperty({ example: 'Europe/Madrid' }) timeZone!: string;
  @ApiProperty({ type: [DayOpeningView], description: 'When the center is open that day (none when closed).' })
  opening!: DayOpeningView[];
  @ApiProperty({ type: [DayOutageView], description: 'Chair outages, not cancelled, that overlap the day.' })
  outages!: DayOutageView[];
  @ApiProperty({ type: [DayNurseView], description: 'Nurses with a shift that overlaps the day, by name.' })
  nurses!: DayNurseView[];
}
