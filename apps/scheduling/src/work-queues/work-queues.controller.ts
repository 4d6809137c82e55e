import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { Audited } from '@chairside/audit';
import { locationInOrganisation } from '../locations/location-in-organisation.js';
import { PageQueryDto, ResolveWorkItemDto } from './dto/work-queue.dto.js';
import {
  ResolveWorkItemUseCase,
  resolutionView,
  type WorkItemResolutionView,
} from './resolve-work-item/resolve-work-item.use-case.js';
import { type WorkItemPage, WorkQueuesQuery } from './work-queues.query.js';
import { WORK_QUEUES, type WorkQueue } from './work-queues.js';

const locationUuid = uuidParam('locationId');

function queueOf(value: string): WorkQueue {
  if (!(WORK_QUEUES as readonly string[]).includes(value))
    throw ProblemException.validation([{ field: 'queue', reason: `must be one of ${WORK_QUEUES.join(', ')}` }]);
  return value as WorkQueue;
}

/**
 * A location's work queues for its schedulers and charge nurses (who runs the day: at-risk visits,
 * chairs out of service, re-plan proposals, same-day follow-up calls): what needs a call or a
 * decision, and closing each item.
 */
@ApiTags('work-queues')
@Controller('locations/:locationId/work-queues')
export class WorkQueuesController {
  constructor(
    private readonly queues: WorkQueuesQuery,
    private readonly resolveWorkItem: ResolveWorkItemUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles('admin', 'scheduler', 'charge-nurse')
  async summary(@Param('locationId', locationUuid) locationId: string, @CurrentUser() user: AuthenticatedUser) {
    await locationInOrganisation(this.dataSource.manager, locationId, user.org);
    return { locationId, queues: await this.queues.summary(locationId, new Date()) };
  }

  @Get(':queue')
  @Audited({ resource: 'work-queue', action: 'search', resourceId: 'locationId' })
  @Roles('admin', 'scheduler', 'charge-nurse')
  async items(
    @Param('locationId', locationUuid) locationId: string,
    @Param('queue') queue: string,
    @Query() page: PageQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<WorkItemPage> {
    const which = queueOf(queue);
    await locationInOrganisation(this.dataSource.manager, locationId, user.org);
    return this.queues.items(locationId, which, new Date(), page.limit ?? 50, page.offset ?? 0);
  }

  @Post(':queue/items/:subjectId/resolution')
  @Audited({ resource: 'work-item', action: 'create', resourceId: 'subjectId' })
  @HttpCode(201)
  @Roles('admin', 'scheduler', 'charge-nurse')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry returns the first answer.' })
  async resolve(
    @Param('locationId', locationUuid) locationId: string,
    @Param('queue') queue: string,
    @Param('subjectId', uuidParam('subjectId')) subjectId: string,
    @Body() body: ResolveWorkItemDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WorkItemResolutionView> {
    const which = queueOf(queue);
    // `confirmed` also confirms the appointment, which is the scheduler's and admin's (POST …/confirm);
    // a charge nurse working the queue records the other outcomes.
    if (body.outcome === 'confirmed' && !user.roles.some((role) => role === 'admin' || role === 'scheduler'))
      throw ProblemException.forbidden('outcome "confirmed" confirms the appointment, which only a scheduler or an admin may do');
    const outcome = await this.resolveWorkItem.execute({
      organisationId: user.org,
      locationId,
      queue: which,
      subjectId,
      itemKey: body.itemKey,
      outcome: body.outcome,
      ...(body.note !== undefined ? { note: body.note } : {}),
      actorId: user.sub,
      now: new Date(),
      ...(idempotencyKey !== undefined
        ? {
            idempotency: {
              key: idempotencyKey,
              scope: `${user.org}:POST /locations/${locationId}/work-queues/${which}/items/${subjectId}/resolution`,
              request: body,
            },
          }
        : {}),
    });
    if (outcome.replayed) {
      res.status(outcome.status).setHeader('Idempotent-Replayed', 'true');
      return outcome.body as WorkItemResolutionView;
    }
    return resolutionView(outcome.body);
  }
}
