/**
 * What a nurse documents when a medication is given at the chair (FHIR R4 MedicationAdministration:
 * medication, dosage.dose with its unit, dosage.route, the lot, effective time), and the bounds
 * beyond which a value is a typing error rather than a dose.
 */
export const DOSE_UNITS = ['mg', 'mcg', 'g', 'mL', 'units', 'IU', 'mmol', 'mEq'] as const;
export type DoseUnit = (typeof DOSE_UNITS)[number];

export const MEDICATION_BOUNDS = {
  drugNameMaxLength: 200,
  /** The largest number in any unit above (e.g. 100,000 units of heparin). */
  doseMax: 1_000_000,
  /** One bag or syringe. */
  volumeMlMax: 5000,
  lotMaxLength: 40,
  /** Documenting what was given earlier is normal; more than a day earlier is a typing error. */
  administeredAtMaxAgeMs: 24 * 60 * 60 * 1000,
  /** A device clock may run a little ahead. */
  administeredAtMaxAheadMs: 5 * 60 * 1000,
} as const;

/** Lot numbers as printed on labels: letters, digits and - / . space, starting with a letter or digit. */
export const LOT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9\-/. ]*$/;
