import type { TherapyCode } from '@chairside/domain';
import { Random } from './random.js';

/**
 * The therapy mix of a general infusion center (shares of visits), and each therapy's chance of a
 * reaction of any grade. Reaction rates follow the published figures in the source material:
 * carboplatin-type chemotherapy 12–19% any grade (2–3% severe); biologics and immune globulin lower.
 */
export const THERAPY_MIX: ReadonlyArray<readonly [TherapyCode, number]> = [
  ['iron', 18],
  ['immune_globulin', 14],
  ['biologics', 16],
  ['chemotherapy', 16],
  ['immunotherapy', 8],
  ['hydration', 10],
  ['iv_antibiotics', 8],
  ['steroids', 6],
  ['therapeutic_phlebotomy', 4],
];

export const REACTION_RATE: Record<TherapyCode, number> = {
  chemotherapy: 0.15,
  immunotherapy: 0.08,
  biologics: 0.08,
  immune_globulin: 0.07,
  iron: 0.03,
  iv_antibiotics: 0.02,
  hydration: 0.01,
  steroids: 0.01,
  therapeutic_phlebotomy: 0.02,
};

/** Rates of what happens to a booking: no-shows at the infusion median (5%), cancellations. */
export const RATES = { noShow: 0.05, cancellation: 0.06, confirmation: 0.65, severeShareOfReactions: 0.15 } as const;

export type Fate = 'attends' | 'no-show' | 'cancels';

export interface VisitPlan {
  therapyCode: TherapyCode;
  fate: Fate;
  confirms: boolean;
  /** Preferred local start window the patient asks for (mid-morning, as patients tend to ask). */
  preferredFrom: string;
  preferredTo: string;
  /** Minutes after the planned start the patient checks in (negative: early). */
  latenessMinutes: number;
  /** Minutes from check-in to the chair, from the chair to the drug at the chair, drug to start. */
  chairWaitMinutes: number;
  drugWaitMinutes: number;
  setupMinutes: number;
  /** Actual infusion time as a share of the planned one (above 1: a slow infusion, an overrun). */
  infusionFactor: number;
  reaction: {
    grade: 1 | 2 | 3 | 4;
    afterMinutes: number;
    kind: 'infusion_reaction' | 'nausea' | 'headache' | 'anaphylaxis';
  } | null;
}

/** Everything a visit will do, drawn up front from its own seeded generator. */
export function planVisit(random: Random): VisitPlan {
  const therapyCode = random.weighted(THERAPY_MIX);
  const fateDraw = random.next();
  const fate: Fate = fateDraw < RATES.noShow ? 'no-show' : fateDraw < RATES.noShow + RATES.cancellation ? 'cancels' : 'attends';
  const preferredHour = random.weighted([
    [8, 2],
    [9, 4],
    [10, 6],
    [11, 5],
    [12, 3],
    [13, 2],
    [14, 2],
  ] as const);
  const reacts = random.chance(REACTION_RATE[therapyCode]);
  const severe = reacts && random.chance(RATES.severeShareOfReactions);
  const grade = severe
    ? random.weighted([
        [3, 4],
        [4, 1],
      ] as const)
    : random.weighted([
        [1, 3],
        [2, 2],
      ] as const);
  return {
    therapyCode,
    fate,
    confirms: random.chance(RATES.confirmation),
    preferredFrom: `${String(preferredHour).padStart(2, '0')}:00`,
    preferredTo: `${String(preferredHour + 2).padStart(2, '0')}:00`,
    latenessMinutes: random.around(0, 12, -25, 40),
    chairWaitMinutes: random.around(8, 8, 0, 45),
    drugWaitMinutes: random.around(15, 12, 0, 90),
    setupMinutes: random.around(4, 3, 0, 15),
    infusionFactor: random.around(100, 8, 90, 135) / 100,
    reaction: reacts
      ? {
          grade,
          afterMinutes: random.int(20, 90),
          kind:
            grade >= 3
              ? random.pick(['infusion_reaction', 'anaphylaxis'] as const)
              : random.pick(['infusion_reaction', 'nausea', 'headache'] as const),
        }
      : null,
  };
}
