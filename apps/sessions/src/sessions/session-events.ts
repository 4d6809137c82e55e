import type { CloudEvent, DataOf, EventDefinition, InputOf } from '@chairside/contracts';
import type { Transaction } from '@chairside/messaging';
import type { Session } from './session.entity.js';

/** The ids every session event carries (never names or contact data). */
export function sessionRef(session: Session, actorId: string, at: Date, deviceTime?: Date) {
  return {
    appointmentId: session.appointmentId,
    locationId: session.locationId,
    patientId: session.patientId,
    therapyCode: session.therapyCode,
    chairId: session.chairId,
    nurseId: session.nurseId,
    actorId,
    occurredAt: at.toISOString(),
    ...(deviceTime ? { deviceTime: deviceTime.toISOString() } : {}),
  };
}

/** Publishes an event about the session with the next aggregate sequence; the caller saves the row. */
export function publishAbout<D extends EventDefinition>(
  tx: Transaction,
  session: Session,
  definition: D,
  data: InputOf<D>,
): Promise<CloudEvent<DataOf<D>>> {
  session.eventSequence += 1;
  return tx.publish(definition, data, {
    aggregateId: session.appointmentId,
    aggregateSequence: session.eventSequence,
    locationId: session.locationId,
  });
}
