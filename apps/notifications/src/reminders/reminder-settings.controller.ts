import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, OrganisationWide, Roles } from '@chairside/platform';
import { ChangeReminderSettingsUseCase } from './change-reminder-settings/change-reminder-settings.use-case.js';
import { ReminderSettingsDto, ReminderSettingsView } from './dto/reminder-settings.dto.js';
import { ReminderSettingsQuery } from './reminder-settings.query.js';

@ApiTags('notifications')
@Controller('notification-settings')
export class ReminderSettingsController {
  constructor(
    private readonly settings: ReminderSettingsQuery,
    private readonly change: ChangeReminderSettingsUseCase,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: ReminderSettingsView })
  get(@CurrentUser() user: AuthenticatedUser) {
    return this.settings.execute({ organisationId: user.org });
  }

  /** Applies to appointments booked or moved from now on; what is scheduled keeps its times. */
  @Put()
  @HttpCode(200)
  @Roles('admin')
  @OrganisationWide()
  @ApiOkResponse({ type: ReminderSettingsView })
  put(@Body() body: ReminderSettingsDto, @CurrentUser() user: AuthenticatedUser) {
    return this.change.execute({ organisationId: user.org, reminderOffsetsHours: body.reminderOffsetsHours });
  }
}
