import { createHmac } from 'node:crypto';

export interface PatientPseudonym {
  patientPseudonym: string;
  pseudonymKeyId: string;
}

/**
 * Keyed pseudonyms for the analytics stream: HMAC-SHA256 of the patient id under the
 * deployment's secret key. The same patient gets the same pseudonym for as long as the key
 * stays, so analysts can count returning patients; without the key no one can go from a
 * pseudonym to a patient id, or test a guessed id (a plain hash of a UUID could be matched
 * against ids leaked elsewhere). A new key (and key id) gives every patient a new pseudonym.
 */
export class PatientPseudonyms {
  constructor(
    private readonly key: string,
    readonly keyId: string,
  ) {
    if (key.length < 32) throw new Error('the pseudonym key must have at least 32 characters');
  }

  of(patientId: string): PatientPseudonym {
    // The prefix keeps a pseudonym of a patient from ever equalling a keyed hash of anything else.
    const patientPseudonym = createHmac('sha256', this.key).update(`patient:${patientId.toLowerCase()}`).digest('hex');
    return { patientPseudonym, pseudonymKeyId: this.keyId };
  }
}
