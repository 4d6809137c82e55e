import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@chairside/platform';
import { Audited } from './audited.decorator.js';
import { type AuditPage, AuditTrailQuery } from './audit-trail.query.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailQuery) {}

  @Get()
  @Roles('admin', 'privacy-officer')
  // Not organisation-wide: a user limited to locations may read one patient's trail (AuditTrailQuery).
  // Reading the trail is itself recorded: who looked at whose access history.
  @Audited({
    resource: 'audit-trail',
    action: 'search',
    patientId: (req) => (typeof req.query.patientId === 'string' ? req.query.patientId : null),
  })
  @ApiOkResponse({
    description:
      "This service's audit records of the caller's organisation (a caller limited to some locations: only with patientId, of a patient they see), newest first: who read or changed which patient's data, when, from where, with what outcome. Filters: patientId, actor, resourceType, resourceId, action, outcome; from/to at most 366 days apart; paged by `before`.",
  })
  search(@Query() query: AuditQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<AuditPage> {
    return this.trail.execute({ organisationId: user.org, locations: user.locations }, query);
  }
}
