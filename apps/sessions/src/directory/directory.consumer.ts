import { Controller } from '@nestjs/common';
import {
  ChairAddedV1,
  type EventOf,
  LocationRegisteredV1,
  LocationUpdatedV1,
  NurseRegisteredV1,
  TherapySettingsChangedV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { projectChair, projectLocation, projectNurse, projectTherapySettings } from './directory.projector.js';

/**
 * What sessions needs of scheduling's resources: which organisation a location belongs to and
 * its zone, chair labels and nurse names for the board, an organisation's monitoring schedules.
 */
@Controller()
export class DirectoryConsumer {
  @OnEvent(LocationRegisteredV1)
  onRegistered(event: EventOf<typeof LocationRegisteredV1>, ctx: EventContext) {
    return projectLocation(ctx.manager, event.data);
  }

  @OnEvent(LocationUpdatedV1)
  onUpdated(event: EventOf<typeof LocationUpdatedV1>, ctx: EventContext) {
    return projectLocation(ctx.manager, event.data);
  }

  @OnEvent(ChairAddedV1)
  onChair(event: EventOf<typeof ChairAddedV1>, ctx: EventContext) {
    return projectChair(ctx.manager, event.data);
  }

  @OnEvent(NurseRegisteredV1)
  onNurse(event: EventOf<typeof NurseRegisteredV1>, ctx: EventContext) {
    return projectNurse(ctx.manager, event.data);
  }

  @OnEvent(TherapySettingsChangedV1)
  onTherapy(event: EventOf<typeof TherapySettingsChangedV1>, ctx: EventContext) {
    return projectTherapySettings(ctx.manager, event.data);
  }
}
