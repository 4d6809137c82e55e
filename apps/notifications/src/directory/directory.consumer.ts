import { Controller } from '@nestjs/common';
import {
  type EventOf,
  LocationRegisteredV1,
  LocationUpdatedV1,
  PatientContactChangedV1,
  PatientContactErasedV1,
  TherapySettingsChangedV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { projectLocation, projectTherapySettings } from './directory.projector.js';
import { RecordContactUseCase } from './record-contact/record-contact.use-case.js';
import { ForgetContactUseCase } from './forget-contact/forget-contact.use-case.js';

/** Contacts, locations and therapy preparation, kept current from scheduling's events. Upserts: a replay changes nothing. */
@Controller()
export class DirectoryConsumer {
  constructor(
    private readonly contacts: RecordContactUseCase,
    private readonly forget: ForgetContactUseCase,
  ) {}

  @OnEvent(PatientContactChangedV1)
  onContact(event: EventOf<typeof PatientContactChangedV1>, ctx: EventContext) {
    return this.contacts.inTransaction(ctx.transaction, {
      contact: event.data,
      version: event.aggregatesequence,
      at: new Date(event.time),
    });
  }

  /** Erased on the patient's request: the tombstone that follows on the topic needs nothing. */
  @OnEvent(PatientContactErasedV1)
  onContactErased(event: EventOf<typeof PatientContactErasedV1>, ctx: EventContext) {
    return this.forget.inTransaction(ctx.transaction, { patientId: event.data.patientId, at: new Date(event.time) });
  }

  @OnEvent(LocationRegisteredV1)
  onRegistered(event: EventOf<typeof LocationRegisteredV1>, ctx: EventContext) {
    return projectLocation(ctx.manager, event.data);
  }

  @OnEvent(LocationUpdatedV1)
  onUpdated(event: EventOf<typeof LocationUpdatedV1>, ctx: EventContext) {
    return projectLocation(ctx.manager, event.data);
  }

  @OnEvent(TherapySettingsChangedV1)
  onTherapy(event: EventOf<typeof TherapySettingsChangedV1>, ctx: EventContext) {
    return projectTherapySettings(ctx.manager, event.data);
  }
}
