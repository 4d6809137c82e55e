/** The nine built-in therapies scheduling books (its THERAPY_CODES); the Book screen offers them by name. */
export const THERAPY_CODES = [
  'biologics',
  'chemotherapy',
  'hydration',
  'immune_globulin',
  'immunotherapy',
  'iron',
  'iv_antibiotics',
  'steroids',
  'therapeutic_phlebotomy',
] as const;

export type TherapyCode = (typeof THERAPY_CODES)[number];
