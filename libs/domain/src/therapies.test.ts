import { DEFAULT_THERAPIES, THERAPY_CODES, therapyProblems } from './therapies.js';

describe('default therapy catalog', () => {
  it('has the nine therapy types of the source material, each usable', () => {
    expect(Object.keys(DEFAULT_THERAPIES).sort()).toEqual([...THERAPY_CODES].sort());
    for (const therapy of Object.values(DEFAULT_THERAPIES)) expect(therapyProblems(therapy)).toEqual([]);
  });

  it('spans 30 minutes to several hours, as the FAQ says', () => {
    const therapies = Object.values(DEFAULT_THERAPIES);
    expect(Math.min(...therapies.map((t) => t.minDurationMinutes))).toBe(30);
    expect(Math.max(...therapies.map((t) => t.maxDurationMinutes))).toBeGreaterThanOrEqual(240);
  });

  it('reports every problem of a broken configuration', () => {
    const broken = { ...DEFAULT_THERAPIES.iron, minDurationMinutes: 10, maxDurationMinutes: 5, routes: [], turnoverMinutes: -5 };
    expect(therapyProblems(broken)).toEqual([
      'minDurationMinutes must be at least 30',
      'maxDurationMinutes must not be below minDurationMinutes',
      'defaultDurationMinutes must lie within the allowed range',
      'routes must name at least one route',
      'turnoverMinutes must be a whole number of minutes, zero or more',
    ]);
  });
});
