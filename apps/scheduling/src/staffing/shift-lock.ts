import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { NurseShift } from './nurse.entity.js';
import { lockReplans } from '../replans/replan-lock.js';

/**
 * The nurse (her row orders her shift events) and the shift, both locked: a booking locks the
 * shifts covering its start, so a placement with her and a change of her shift run one after
 * the other. Another organisation's or location's nurse, or another nurse's shift, reads as missing.
 */
export async function lockShift(
  tx: Transaction,
  c: { organisationId: string; locationId: string; nurseId: string; shiftId: string },
): Promise<{ nurse: { id: string; shiftEvents: number }; shift: NurseShift }> {
  // A shift changed or removed flags the nurse's appointments for re-planning: the location's
  // re-plan lock comes before the nurse and shift rows (replan-lock.ts).
  await lockReplans(tx, c.locationId);
  const [nurse] = (await tx.manager.query(
    `SELECT n.id, n.shift_events FROM nurse n JOIN location l ON l.id = n.location_id
      WHERE n.id = $1 AND n.location_id = $2 AND l.organisation_id = $3 FOR UPDATE OF n`,
    [c.nurseId, c.locationId, c.organisationId],
  )) as Array<{ id: string; shift_events: number }>;
  if (!nurse) throw ProblemException.notFound('Nurse', c.nurseId);
  const shift = await tx.manager.findOne(NurseShift, {
    where: { id: c.shiftId, nurseId: c.nurseId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!shift) throw ProblemException.notFound('Shift', c.shiftId);
  return { nurse: { id: nurse.id, shiftEvents: nurse.shift_events }, shift };
}
