import type { EntityManager } from 'typeorm';
import { ProblemException } from '@chairside/platform';

/** A location of the caller's organisation, with its zone; 404 otherwise (the guard checked the grant). */
export async function locationInOrganisation(
  manager: Pick<EntityManager, 'query'>,
  locationId: string,
  organisationId: string,
): Promise<{ name: string; timeZone: string }> {
  const [location] = (await manager.query(`SELECT name, time_zone FROM location WHERE id = $1 AND organisation_id = $2`, [
    locationId,
    organisationId,
  ])) as Array<{ name: string; time_zone: string }>;
  if (!location) throw ProblemException.notFound('Location', locationId);
  return { name: location.name, timeZone: location.time_zone };
}
