import { randomInt } from 'node:crypto';
import type { Transaction } from '@chairside/messaging';

/** No I or O: they read as 1 and 0. */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Letter, digit, letter: short to type, and never a keyword or a 0–10 answer. */
export function randomReference(): string {
  return `${LETTERS[randomInt(LETTERS.length)]}${randomInt(10)}${LETTERS[randomInt(LETTERS.length)]}`;
}

/** A word of a reply that is a reference, normalised (upper case). */
export const REFERENCE = /^[A-Z][0-9][A-Z]$/;

/**
 * The appointment's reference for its patient, made on first need: unique per patient, kept for
 * the appointment's life, so every text about it carries the same one.
 */
export async function ensureReference(tx: Transaction, appointmentId: string, patientId: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [existing] = (await tx.manager.query(`SELECT code FROM appointment_reference WHERE appointment_id = $1`, [
      appointmentId,
    ])) as Array<{ code: string }>;
    if (existing) return existing.code;
    const inserted = (await tx.manager.query(
      `INSERT INTO appointment_reference (appointment_id, patient_id, code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING code`,
      [appointmentId, patientId, randomReference()],
    )) as Array<{ code: string }>;
    if (inserted[0]) return inserted[0].code;
  }
  throw new Error('no free appointment reference for the patient');
}
