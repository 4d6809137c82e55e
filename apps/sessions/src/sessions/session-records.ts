import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CloudEvent, DataOf, EventDefinition, InputOf } from '@chairside/contracts';
import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Session } from './session.entity.js';

export type LoadedSession = Session & { organisationId: string | null };

/** Reads and writes session rows; every write goes through a locked read first. */
@Injectable()
export class SessionRecords {
  /**
   * The session, locked for the rest of the transaction. With an organisation, a session at a
   * location of another organisation (or one sessions has not heard of yet) reads as missing.
   */
  async lock(manager: EntityManager, appointmentId: string, organisationId?: string): Promise<LoadedSession> {
    // One round trip: the session, locked, with its location's organisation.
    const { entities, raw } = await manager
      .createQueryBuilder(Session, 's')
      .leftJoin('known_location', 'l', 'l.location_id = s.location_id')
      .addSelect('l.organisation_id', 'organisation_id')
      .setLock('pessimistic_write', undefined, ['s'])
      .where('s.appointmentId = :appointmentId', { appointmentId })
      .getRawAndEntities<{ organisation_id: string | null }>();
    const session = entities[0];
    const organisation = raw[0]?.organisation_id ?? null;
    if (!session || (organisationId !== undefined && organisation !== organisationId))
      throw ProblemException.notFound('Session', appointmentId);
    return Object.assign(session, { organisationId: organisation });
  }

  /** Writes the given columns, and the event sequence the events published so far have taken. */
  async update(
    manager: EntityManager,
    session: Session,
    changes: Partial<Omit<Session, 'appointmentId' | 'updatedAt'>>,
  ): Promise<void> {
    Object.assign(session, changes);
    await manager.update(Session, { appointmentId: session.appointmentId }, { ...changes, eventSequence: session.eventSequence });
  }
}

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
