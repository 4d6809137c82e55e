import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@chairside/platform';
import { Audited } from './audited.decorator.js';
import { AUDIT_TRAIL_ROLES, type AuditPage, AuditTrailQuery, PATIENT_AUDIT_ROLES } from './audit-trail.query.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailQuery) {}

  @Get()
  @Roles(...AUDIT_TRAIL_ROLES, ...PATIENT_AUDIT_ROLES)
  // Only admins and privacy officers with every location read the whole trail; a user limited to
  // locations, and a scheduler or charge nurse anywhere, reads one patient's (AuditTrailQuery).
  // Reading the trail is itself recorded: who looked at whose access history.
  @Audited({
    resource: 'audit-trail',
    action: 'search',
    patientId: (req) => (typeof req.query.patientId === 'string' ? req.query.patientId : null),
  })
  @ApiOkResponse({
    description:
      "This service's audit records of the caller's organisation (admin and privacy-officer with every location: all of them; a caller limited to some locations, or a scheduler or charge nurse: only with patientId, of a patient they see, and for scheduler and charge nurse without ip and userAgent; a service that knows patients only through appointments answers an empty page for a patient it cannot place at the caller's locations, scheduling 404), newest first: who read or changed which patient's data, when, from where, with what outcome. Filters: patientId, actor, resourceType, resourceId, action, outcome; from/to at most 366 days apart; paged by `before`.",
  })
  search(@Query() query: AuditQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<AuditPage> {
    return this.trail.execute({ organisationId: user.org, locations: user.locations, roles: user.roles }, query);
  }
}
