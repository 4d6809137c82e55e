import fc from 'fast-check';
import { Random } from './random.js';
import { planVisit, RATES, REACTION_RATE, THERAPY_MIX } from './visit-plan.js';

describe('the simulator’s seeded visit plans', () => {
  it('draws the same plans from the same seed, and different ones from another', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const a = Array.from({ length: 20 }, (_, i) => planVisit(new Random(seed).fork(i)));
        const b = Array.from({ length: 20 }, (_, i) => planVisit(new Random(seed).fork(i)));
        expect(a).toEqual(b);
        expect(Array.from({ length: 20 }, (_, i) => planVisit(new Random(seed + 1).fork(i)))).not.toEqual(a);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps every drawn value inside its range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const p = planVisit(new Random(seed));
        expect(p.latenessMinutes).toBeGreaterThanOrEqual(-25);
        expect(p.latenessMinutes).toBeLessThanOrEqual(40);
        expect(p.infusionFactor).toBeGreaterThanOrEqual(0.9);
        expect(p.infusionFactor).toBeLessThanOrEqual(1.35);
        expect(p.preferredFrom < p.preferredTo).toBe(true);
        if (p.reaction) expect([1, 2, 3, 4]).toContain(p.reaction.grade);
      }),
    );
  });

  it('matches the published rates over many visits (no-shows near 5%, reactions by therapy)', () => {
    const plans = Array.from({ length: 40_000 }, (_, i) => planVisit(new Random(7).fork(i)));
    const share = (f: (p: (typeof plans)[number]) => boolean, of = plans) => of.filter(f).length / of.length;
    expect(share((p) => p.fate === 'no-show')).toBeCloseTo(RATES.noShow, 2);
    expect(share((p) => p.fate === 'cancels')).toBeCloseTo(RATES.cancellation, 2);
    const chemo = plans.filter((p) => p.therapyCode === 'chemotherapy');
    expect(share((p) => p.reaction !== null, chemo)).toBeCloseTo(REACTION_RATE.chemotherapy, 1);
    const total = THERAPY_MIX.reduce((s, [, w]) => s + w, 0);
    expect(share((p) => p.therapyCode === 'iron')).toBeCloseTo(18 / total, 2);
  });
});
