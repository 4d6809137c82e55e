import type { EntityManager } from 'typeorm';
import type { Transaction, UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Session } from './session.entity.js';

export type LoadedSession = Session & { organisationId: string | null };

/**
 * The session, locked for the rest of the transaction; every write to a session goes through
 * this read first. With an organisation, a session at a location of another organisation (or
 * one sessions has not heard of yet) reads as missing.
 */
export async function lockSession(
  manager: EntityManager,
  appointmentId: string,
  organisationId?: string,
): Promise<LoadedSession> {
  // One round trip: the session, locked, with its location's organisation.
  const { entities, raw } = await manager
    .createQueryBuilder(Session, 's')
    .leftJoin('directory_location', 'l', 'l.location_id = s.location_id')
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
export async function updateSession(
  manager: EntityManager,
  session: Session,
  changes: Partial<Omit<Session, 'appointmentId' | 'updatedAt'>>,
): Promise<void> {
  Object.assign(session, changes);
  await manager.update(Session, { appointmentId: session.appointmentId }, { ...changes, eventSequence: session.eventSequence });
}

const CHUNK = 10;

/**
 * Locks a few sessions at a time (skipping any a nurse is writing to) so a pass over hundreds of
 * sessions never holds the rows a vitals write is waiting for more than a moment.
 */
export async function inSmallTransactions(
  unitOfWork: UnitOfWork,
  ids: string[],
  work: (tx: Transaction, locked: Session[]) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    total += await unitOfWork.run(async (tx) => {
      const locked = await tx.manager
        .createQueryBuilder(Session, 's')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .whereInIds(ids.slice(i, i + CHUNK))
        .getMany();
      return work(tx, locked);
    });
  }
  return total;
}
