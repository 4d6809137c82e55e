import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, cappedListQuery, CurrentUser, Roles, uuidParam } from '@chairside/platform';
import { Audited, fromBody } from '@chairside/audit';
import { Clock } from '../dispatch/clock.js';
import { AppointmentMessagesQuery, MAX_APPOINTMENT_MESSAGES_LISTED } from './appointment-messages.query.js';
import { ResendMessageUseCase, type ResentMessageView } from './resend-message/resend-message.use-case.js';

export class AppointmentMessagesQueryDto extends cappedListQuery(MAX_APPOINTMENT_MESSAGES_LISTED, 'messages') {}

/** The message schedule as staff see it: what goes when, on which channel, and what happened. Never bodies or addresses. */
@ApiTags('notifications')
@Controller()
export class MessagesController {
  constructor(
    private readonly appointmentMessages: AppointmentMessagesQuery,
    private readonly resendMessage: ResendMessageUseCase,
    private readonly clock: Clock,
  ) {}

  @Get('appointments/:appointmentId/messages')
  @Audited({
    resource: 'messages',
    action: 'read',
    resourceId: 'appointmentId',
    patientId: (_req, body) =>
      Array.isArray(body) ? ((body[0] as { patientId?: string } | undefined)?.patientId ?? null) : null,
  })
  // The charge nurse may resend a failed message (below) and sees how it went, as the scheduler does.
  @Roles('admin', 'scheduler', 'charge-nurse')
  @ApiOkResponse({
    description: `The messages planned for the appointment, newest first, with their delivery state; at most ${MAX_APPOINTMENT_MESSAGES_LISTED} a request (a full page means there may be more).`,
  })
  messages(
    @Param('appointmentId', uuidParam('appointmentId')) appointmentId: string,
    @Query() page: AppointmentMessagesQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.appointmentMessages.execute({ appointmentId, user, page });
  }

  /**
   * A message that failed for good (the center's `failed-messages` work queue) sent again through
   * the provider. The location on the path is the caller's grant (403 for another center's);
   * a message of another location is 404. 202: it goes within a dispatcher pass; asking again
   * while or after it goes sends nothing more (`resentNow: false`).
   */
  @Post('locations/:locationId/messages/:messageId/resend')
  @HttpCode(202)
  @Audited({ resource: 'messages', action: 'update', resourceId: 'messageId', patientId: fromBody('patientId') })
  @Roles('admin', 'scheduler', 'charge-nurse')
  @ApiAcceptedResponse({ description: 'The message is on its way again (or already was): its state now.' })
  resend(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('messageId', uuidParam('messageId')) messageId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ResentMessageView> {
    return this.resendMessage.execute({
      organisationId: user.org,
      locationId,
      messageId,
      actorId: user.sub,
      now: this.clock.now(user.org),
    });
  }
}
