import { Body, Controller, Get, HttpCode, NotFoundException, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, OrganisationWide, Roles, uuidParam } from '@chairside/platform';
import { Clock } from '../dispatch/clock.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import { AppointmentMessagesQuery } from './appointment-messages.query.js';
import { ClockDto } from './dto/clock.dto.js';
import { Audited } from '@chairside/audit';

/** The message schedule as staff see it: what goes when, on which channel, and what happened. Never bodies or addresses. */
@ApiTags('notifications')
@Controller()
export class MessagesController {
  constructor(
    private readonly appointmentMessages: AppointmentMessagesQuery,
    private readonly clock: Clock,
    private readonly dispatcher: Dispatcher,
  ) {}

  @Get('appointments/:appointmentId/messages')
  @Audited({
    resource: 'messages',
    action: 'read',
    resourceId: 'appointmentId',
    patientId: (_req, body) =>
      Array.isArray(body) ? ((body[0] as { patientId?: string } | undefined)?.patientId ?? null) : null,
  })
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ description: 'Every message planned for the appointment, with its delivery state.' })
  messages(@Param('appointmentId', uuidParam('appointmentId')) appointmentId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.appointmentMessages.execute({ appointmentId, user });
  }

  /**
   * Tests and the demo only (NOTIFICATIONS_ADJUSTABLE_CLOCK=true, refused in production; 404 otherwise):
   * move the dispatcher's clock of the caller's organisation forward and dispatch. Other organisations
   * keep theirs. An admin of every location of the organisation only.
   */
  @Put('test/clock')
  @HttpCode(200)
  @Roles('admin')
  @OrganisationWide()
  moveClock(@Body() body: ClockDto, @CurrentUser() user: AuthenticatedUser) {
    if (!this.clock.adjustable) throw new NotFoundException();
    this.clock.moveTo(user.org, body.now);
    this.dispatcher.kick();
    return { now: this.clock.now(user.org).toISOString() };
  }
}
