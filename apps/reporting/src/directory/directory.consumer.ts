import { Controller } from '@nestjs/common';
import { ChairAddedV1, type EventOf, LocationHoursSetV1, LocationRegisteredV1, LocationUpdatedV1 } from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { DirectoryProjector } from './directory.projector.js';

/** Thin: the transport has validated the event and opened the inbox transaction. */
@Controller()
export class DirectoryConsumer {
  constructor(private readonly projector: DirectoryProjector) {}

  @OnEvent(LocationRegisteredV1)
  onLocationRegistered(event: EventOf<typeof LocationRegisteredV1>, ctx: EventContext) {
    return this.projector.locationChanged(ctx, event.data, event.aggregatesequence);
  }

  @OnEvent(LocationUpdatedV1)
  onLocationUpdated(event: EventOf<typeof LocationUpdatedV1>, ctx: EventContext) {
    return this.projector.locationChanged(ctx, event.data, event.aggregatesequence);
  }

  /** Full state each time (hours are set, not patched), so the last one applied is the truth. */
  @OnEvent(LocationHoursSetV1)
  onHoursSet(event: EventOf<typeof LocationHoursSetV1>, ctx: EventContext) {
    return this.projector.hoursSet(ctx.manager, event.data);
  }

  @OnEvent(ChairAddedV1)
  onChairAdded(event: EventOf<typeof ChairAddedV1>, ctx: EventContext) {
    return this.projector.chairAdded(ctx.manager, event.data);
  }
}
