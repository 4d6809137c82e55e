import { PATIENT_PSEUDONYM } from '@chairside/contracts';
import { PatientPseudonyms } from './patient-pseudonym.js';

const patientId = '0b6f6a4e-8d0f-4c8e-9a59-2f1f2b7e4c11';
const other = '5d1c3a9e-1f3b-4a7c-8e2d-6b9a0c4d7e21';
const key1 = 'first-deployment-key-of-at-least-32-characters';
const key2 = 'second-deployment-key-of-at-least-32-characters';

describe('patient pseudonyms', () => {
  it('are stable per key: the same patient, the same pseudonym, whatever the case of the id', () => {
    const pseudonyms = new PatientPseudonyms(key1, 'k1');
    expect(pseudonyms.of(patientId)).toEqual(new PatientPseudonyms(key1, 'k1').of(patientId.toUpperCase()));
    expect(pseudonyms.of(patientId).patientPseudonym).toMatch(PATIENT_PSEUDONYM);
    expect(pseudonyms.of(patientId).pseudonymKeyId).toBe('k1');
  });

  it('tell patients apart and never contain the patient id', () => {
    const pseudonyms = new PatientPseudonyms(key1, 'k1');
    expect(pseudonyms.of(patientId).patientPseudonym).not.toBe(pseudonyms.of(other).patientPseudonym);
    expect(pseudonyms.of(patientId).patientPseudonym).not.toContain(patientId.replaceAll('-', ''));
  });

  it('change with the key, and name the key they were made with', () => {
    const before = new PatientPseudonyms(key1, 'k1').of(patientId);
    const after = new PatientPseudonyms(key2, 'k2').of(patientId);
    expect(after.patientPseudonym).not.toBe(before.patientPseudonym);
    expect(after.pseudonymKeyId).toBe('k2');
  });

  it('refuse a short key', () => {
    expect(() => new PatientPseudonyms('short', 'k1')).toThrow(/at least 32/);
  });
});
