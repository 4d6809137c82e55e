import type { ChairKind } from './chair.js';

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

export const ROUTES = ['iv', 'subcutaneous', 'intramuscular', 'other'] as const;
export type Route = (typeof ROUTES)[number];

export const CERTIFICATIONS = ['infusion', 'chemotherapy_biotherapy'] as const;
export type Certification = (typeof CERTIFICATIONS)[number];

/** What the center needs to know to place and prepare one treatment of a therapy. */
export interface TherapyDefinition {
  code: TherapyCode;
  name: string;
  /** Typical chair time for the drug itself, before observation. */
  defaultDurationMinutes: number;
  minDurationMinutes: number;
  maxDurationMinutes: number;
  routes: Route[];
  /** Any of these chair kinds will do. */
  chairKinds: ChairKind[];
  certification: Certification;
  /** Patient instructions before the visit. */
  requiresFasting: boolean;
  /** Pharmacy needs this long between the order being released and the drug being ready. */
  pharmacyLeadMinutes: number;
  /** In the chair after the infusion ends, watching for reactions. */
  observationMinutes: number;
  /** Cleaning and resetting the chair before the next patient. */
  turnoverMinutes: number;
  /** Whether patients usually may drive home (the care team can override per patient). */
  mayDriveAfter: boolean;
  /** Vital signs every N minutes during the first hour of a first dose, then every M minutes. */
  vitals: { firstHourEveryMinutes: number; thenEveryMinutes: number };
}

/**
 * Defaults for the nine therapy types the source material lists (infusion-therapy-faq.txt):
 * "some infusions take 30–60 minutes, while others may take several hours". Organisations edit
 * these values; they are configuration, not clinical advice.
 */
export const DEFAULT_THERAPIES: Readonly<Record<TherapyCode, TherapyDefinition>> = {
  biologics: {
    code: 'biologics',
    name: 'Biologic therapy',
    defaultDurationMinutes: 120,
    minDurationMinutes: 30,
    maxDurationMinutes: 240,
    routes: ['iv', 'subcutaneous'],
    chairKinds: ['recliner', 'private_room'],
    certification: 'chemotherapy_biotherapy',
    requiresFasting: false,
    pharmacyLeadMinutes: 60,
    observationMinutes: 30,
    turnoverMinutes: 15,
    mayDriveAfter: true,
    vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 },
  },
  chemotherapy: {
    code: 'chemotherapy',
    name: 'Chemotherapy',
    defaultDurationMinutes: 240,
    minDurationMinutes: 30,
    maxDurationMinutes: 480,
    routes: ['iv', 'subcutaneous', 'intramuscular', 'other'],
    chairKinds: ['recliner', 'bed', 'private_room'],
    certification: 'chemotherapy_biotherapy',
    requiresFasting: false,
    pharmacyLeadMinutes: 90,
    observationMinutes: 30,
    turnoverMinutes: 20,
    mayDriveAfter: false,
    vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 60 },
  },
  hydration: {
    code: 'hydration',
    name: 'Hydration therapy',
    defaultDurationMinutes: 60,
    minDurationMinutes: 30,
    maxDurationMinutes: 240,
    routes: ['iv'],
    chairKinds: ['recliner', 'bed', 'private_room'],
    certification: 'infusion',
    requiresFasting: false,
    pharmacyLeadMinutes: 15,
    observationMinutes: 0,
    turnoverMinutes: 10,
    mayDriveAfter: true,
    vitals: { firstHourEveryMinutes: 30, thenEveryMinutes: 60 },
  },
  immune_globulin: {
    code: 'immune_globulin',
    name: 'Immune globulin therapy',
    defaultDurationMinutes: 240,
    minDurationMinutes: 60,
    maxDurationMinutes: 360,
    routes: ['iv', 'subcutaneous'],
    chairKinds: ['recliner', 'bed', 'private_room'],
    certification: 'infusion',
    requiresFasting: false,
    pharmacyLeadMinutes: 60,
    observationMinutes: 30,
    turnoverMinutes: 15,
    mayDriveAfter: true,
    vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 },
  },
  immunotherapy: {
    code: 'immunotherapy',
    name: 'Immunotherapy',
    defaultDurationMinutes: 60,
    minDurationMinutes: 30,
    maxDurationMinutes: 180,
    routes: ['iv'],
    chairKinds: ['recliner', 'private_room'],
    certification: 'chemotherapy_biotherapy',
    requiresFasting: false,
    pharmacyLeadMinutes: 60,
    observationMinutes: 30,
    turnoverMinutes: 15,
    mayDriveAfter: true,
    vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 },
  },
  iron: {
    code: 'iron',
    name: 'Iron infusion',
    defaultDurationMinutes: 30,
    minDurationMinutes: 30,
    maxDurationMinutes: 240,
    routes: ['iv'],
    chairKinds: ['recliner'],
    certification: 'infusion',
    requiresFasting: false,
    pharmacyLeadMinutes: 30,
    observationMinutes: 30,
    turnoverMinutes: 10,
    mayDriveAfter: true,
    vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 },
  },
  iv_antibiotics: {
    code: 'iv_antibiotics',
    name: 'IV antibiotics',
    defaultDurationMinutes: 60,
    minDurationMinutes: 30,
    maxDurationMinutes: 180,
    routes: ['iv'],
    chairKinds: ['recliner', 'bed'],
    certification: 'infusion',
    requiresFasting: false,
    pharmacyLeadMinutes: 30,
    observationMinutes: 15,
    turnoverMinutes: 10,
    mayDriveAfter: true,
    vitals: { firstHourEveryMinutes: 30, thenEveryMinutes: 60 },
  },
  steroids: {
    code: 'steroids',
    name: 'Steroid infusion',
    defaultDurationMinutes: 60,
    minDurationMinutes: 30,
    maxDurationMinutes: 180,
    routes: ['iv'],
    chairKinds: ['recliner'],
    certification: 'infusion',
    requiresFasting: false,
    pharmacyLeadMinutes: 30,
    observationMinutes: 15,
    turnoverMinutes: 10,
    mayDriveAfter: true,
    vitals: { firstHourEveryMinutes: 30, thenEveryMinutes: 60 },
  },
  therapeutic_phlebotomy: {
    code: 'therapeutic_phlebotomy',
    name: 'Therapeutic phlebotomy',
    defaultDurationMinutes: 45,
    minDurationMinutes: 30,
    maxDurationMinutes: 90,
    routes: ['iv'],
    chairKinds: ['recliner', 'bed'],
    certification: 'infusion',
    requiresFasting: false,
    pharmacyLeadMinutes: 0,
    observationMinutes: 15,
    turnoverMinutes: 10,
    mayDriveAfter: true,
    vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 },
  },
};

/** Reasons a therapy configuration is unusable; empty when it is fine. */
export function therapyProblems(t: TherapyDefinition): string[] {
  const problems: string[] = [];
  if (!(t.minDurationMinutes >= 30)) problems.push('minDurationMinutes must be at least 30');
  if (!(t.maxDurationMinutes >= t.minDurationMinutes)) problems.push('maxDurationMinutes must not be below minDurationMinutes');
  if (t.defaultDurationMinutes < t.minDurationMinutes || t.defaultDurationMinutes > t.maxDurationMinutes)
    problems.push('defaultDurationMinutes must lie within the allowed range');
  if (!t.routes.length) problems.push('routes must name at least one route');
  if (!t.chairKinds.length) problems.push('chairKinds must name at least one chair kind');
  for (const [field, value] of [
    ['pharmacyLeadMinutes', t.pharmacyLeadMinutes],
    ['observationMinutes', t.observationMinutes],
    ['turnoverMinutes', t.turnoverMinutes],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) problems.push(`${field} must be a whole number of minutes, zero or more`);
  }
  return problems;
}

/**
 * What a patient is asked to do before (and after) a visit, as requirements a therapy sets. The
 * notifications turn them into advice in the patient's language; the care team's own instructions
 * always come first, and the texts say so.
 */
export interface PreparationRequirements {
  /** Nothing to eat for the hours before the visit, as the care team said. */
  fasting: boolean;
  /** Blood tests the day before (counts, hemoglobin, drug levels). */
  labsDayBefore: boolean;
  /** Medicine before the infusion against reactions, taken as prescribed. */
  premedication: boolean;
  /** Drink plenty of water the day before and the morning of the visit. */
  hydration: boolean;
  /** Come with someone (a long or sedating treatment). */
  bringCompanion: boolean;
  /** Whether the patient may usually drive home afterwards. */
  mayDrive: boolean;
}

export const PREPARATION_REQUIREMENTS = [
  'fasting',
  'labsDayBefore',
  'premedication',
  'hydration',
  'bringCompanion',
  'mayDrive',
] as const satisfies ReadonlyArray<keyof PreparationRequirements>;

/**
 * The nine therapies' preparation as the seed FAQ advises it: drink water the day before and eat a
 * normal meal (no built-in therapy asks for fasting), ask about driving home; blood tests before
 * chemotherapy, immunotherapy, IV antibiotics (drug levels) and a phlebotomy (hemoglobin);
 * pre-medication before biologics, chemotherapy and immune globulin. Fasting and driving follow the
 * organisation's edit of the therapy (`requiresFasting`, `mayDriveAfter`) where there is one.
 */
export function defaultPreparation(
  t: Pick<TherapyDefinition, 'code' | 'requiresFasting' | 'mayDriveAfter'>,
): PreparationRequirements {
  const extra = BUILT_IN_PREPARATION[t.code];
  return {
    fasting: t.requiresFasting,
    labsDayBefore: extra.labs,
    premedication: extra.premedication,
    hydration: true,
    // The FAQ asks for no companion; not driving home is its own advice ("arrange a ride").
    bringCompanion: false,
    mayDrive: t.mayDriveAfter,
  };
}

const BUILT_IN_PREPARATION: Readonly<Record<TherapyCode, { labs: boolean; premedication: boolean }>> = {
  biologics: { labs: false, premedication: true },
  chemotherapy: { labs: true, premedication: true },
  hydration: { labs: false, premedication: false },
  immune_globulin: { labs: false, premedication: true },
  immunotherapy: { labs: true, premedication: false },
  iron: { labs: false, premedication: false },
  iv_antibiotics: { labs: true, premedication: false },
  steroids: { labs: false, premedication: false },
  therapeutic_phlebotomy: { labs: true, premedication: false },
};

/**
 * A therapy an organisation defines beyond the nine: its own code and values, counted under one of
 * the nine (`countedAs`) wherever a built-in code is needed (events, reactions, analytics, the
 * sessions' vital-sign schedule), with its own preparation requirements.
 */
export interface OrganisationTherapy {
  id: string;
  /** Lower-case letters, digits and '-', unique in the organisation and never one of the nine. */
  code: string;
  countedAs: TherapyCode;
  definition: TherapyDefinition;
  preparation: PreparationRequirements;
  version: number;
}

export const ORGANISATION_THERAPY_CODE = /^[a-z][a-z0-9-]{1,39}$/;
/** An organisation defines at most this many therapies of its own (a catalog, not free text). */
export const MAX_ORGANISATION_THERAPIES = 200;
