import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles, uuidParam } from '@chairside/platform';
import { AppointmentMessagesQuery } from './appointment-messages.query.js';
import { Audited } from '@chairside/audit';

/** The message schedule as staff see it: what goes when, on which channel, and what happened. Never bodies or addresses. */
@ApiTags('notifications')
@Controller()
export class MessagesController {
  constructor(private readonly appointmentMessages: AppointmentMessagesQuery) {}

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
}
