import { Controller } from '@nestjs/common';
import { ChairAddedV1, type EventOf, LocationRegisteredV1, LocationUpdatedV1 } from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { LocationDirectoryProjector } from './location-directory.projector.js';

/** Thin: the transport has validated the event and opened the inbox transaction. */
@Controller()
export class LocationDirectoryConsumer {
  constructor(private readonly projector: LocationDirectoryProjector) {}

  @OnEvent(LocationRegisteredV1)
  onLocationRegistered(event: EventOf<typeof LocationRegisteredV1>, ctx: EventContext) {
    return this.projector.locationChanged(ctx.manager, event.data, event.aggregatesequence);
  }

  @OnEvent(LocationUpdatedV1)
  onLocationUpdated(event: EventOf<typeof LocationUpdatedV1>, ctx: EventContext) {
    return this.projector.locationChanged(ctx.manager, event.data, event.aggregatesequence);
  }

  @OnEvent(ChairAddedV1)
  onChairAdded(event: EventOf<typeof ChairAddedV1>, ctx: EventContext) {
    return this.projector.chairAdded(ctx.manager, event.data);
  }
}
