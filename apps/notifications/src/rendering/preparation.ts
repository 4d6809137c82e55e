import type { TherapyCode } from '@chairside/domain';

/**
 * Preparation beyond what the catalog's fasting and driving settings say, per therapy: which ones
 * usually need recent blood tests (counts before chemotherapy and immunotherapy, hemoglobin before a
 * phlebotomy, drug levels for IV antibiotics) and which usually come with pre-medication against
 * infusion reactions. The seed FAQ's general advice (hydrate, eat, sleep, loose sleeves, something
 * to do, ask about driving) goes to every therapy. Wording for patients, not clinical orders: the
 * care team's instructions come first, and the text says so.
 */
export const THERAPY_PREPARATION: Readonly<Record<TherapyCode, { labs: boolean; premedication: boolean }>> = {
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
