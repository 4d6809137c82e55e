import { Inject, Injectable } from '@nestjs/common';
import type { EventDefinition, InputOf } from '@chairside/contracts';
import { derivedEventId, derivedEventsWrite, type EventContext } from '@chairside/messaging';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { ReportingConfig } from '../config/reporting.config.js';
import { type PatientPseudonym, PatientPseudonyms } from './patient-pseudonym.js';

/**
 * Publishes the de-identified copy of the event being handled on an analytics topic, through
 * reporting's outbox in the same inbox transaction as the facts: an event applied is an event
 * published, never one without the other. The copy keeps its source's key, aggregate sequence,
 * correlation and time, and takes an id derived from the source's, so a replay publishes nothing
 * twice (the outbox keeps the first) and a consumer that deduplicates on ids sees each once.
 */
@Injectable()
export class AnalyticsStreamPublisher {
  private readonly pseudonyms: PatientPseudonyms;

  constructor(@Inject(SERVICE_CONFIG) config: ReportingConfig) {
    this.pseudonyms = new PatientPseudonyms(config.ANALYTICS_PSEUDONYM_KEY, config.ANALYTICS_PSEUDONYM_KEY_ID);
  }

  pseudonymOf(patientId: string): PatientPseudonym {
    return this.pseudonyms.of(patientId);
  }

  publish<D extends EventDefinition>(ctx: EventContext, definition: D, data: InputOf<D>): void {
    const source = ctx.event;
    ctx.stage(derivedEventsWrite, {
      definition,
      data,
      meta: {
        id: derivedEventId(source.id, definition.type),
        aggregateId: source.aggregateid,
        aggregateSequence: source.aggregatesequence,
        correlationId: source.correlationid,
        causationId: source.id,
        time: new Date(source.time),
        ...(source.locationid !== undefined ? { locationId: source.locationid } : {}),
      },
    });
  }
}
