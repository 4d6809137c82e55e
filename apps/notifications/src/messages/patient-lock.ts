import type { Transaction } from '@chairside/messaging';

/**
 * Serialises planning for one patient with the arrival of their contact details. The two come on
 * different topics and are consumed in parallel: without it, a booking that finds no contact and
 * a contact that finds no booking (each not yet seeing the other's uncommitted row) would both
 * plan nothing. Whichever takes the lock second sees the other's commit.
 */
export async function lockPatient(tx: Transaction, patientId: string): Promise<void> {
  await tx.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [patientId]);
}
