import { defaultPreparation, DEFAULT_THERAPIES, type PreparationRequirements, type TherapyCode } from '@chairside/domain';

/**
 * The preparation a message advises: the organisation's own therapy's requirements when the
 * booking carried them (an organisation-defined therapy), else the built-in therapy's FAQ defaults
 * (libs/domain `defaultPreparation`) with the organisation's fasting and driving settings. The seed
 * FAQ's general advice (eat, sleep, loose sleeves, something to do) goes to every therapy.
 */
export function preparationFor(
  therapyCode: TherapyCode,
  settings: { requiresFasting: boolean; mayDriveAfter: boolean },
  carried?: PreparationRequirements | null,
): PreparationRequirements {
  if (carried) return carried;
  return defaultPreparation({ ...DEFAULT_THERAPIES[therapyCode], ...settings, code: therapyCode });
}

/** The values the templates read (`_preparation.hbs`, the SMS templates). */
export function preparationValues(p: PreparationRequirements, mayDrive: boolean) {
  return {
    fasting: p.fasting,
    labs: p.labsDayBefore,
    premedication: p.premedication,
    hydration: p.hydration,
    companion: p.bringCompanion,
    mayDrive,
  };
}
