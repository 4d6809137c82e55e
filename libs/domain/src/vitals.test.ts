import { implausibleVitals, nextVitalsDue, vitalFindings, VITALS } from './vitals.js';
import { MINUTE } from './durations.js';

describe('vital signs', () => {
  it('codes every measure with LOINC', () => {
    expect(Object.fromEntries(Object.entries(VITALS).map(([m, v]) => [m, v.loinc]))).toEqual({
      systolic: '8480-6',
      diastolic: '8462-4',
      heartRate: '8867-4',
      respiratoryRate: '9279-1',
      temperatureC: '8310-5',
      spo2: '2708-6',
      pain: '72514-3',
    });
  });

  it('alerts on values outside the range, and only those', () => {
    expect(vitalFindings({ systolic: 120, diastolic: 80, heartRate: 72, spo2: 98, temperatureC: 36.8, pain: 2 })).toEqual([]);
    expect(vitalFindings({ systolic: 85, heartRate: 130, spo2: 90, temperatureC: 38.5 }).map((f) => f.measure)).toEqual([
      'systolic',
      'heartRate',
      'spo2',
      'temperatureC',
    ]);
  });

  it('refuses values nobody could have measured', () => {
    expect(implausibleVitals({ heartRate: 900, pain: 11, spo2: 97 })).toEqual([
      { field: 'heartRate', reason: 'must be between 20 and 250 /min' },
      { field: 'pain', reason: 'must be between 0 and 10 {score}' },
    ]);
  });

  it('follows the monitoring schedule: often in the first hour of a first dose, then less', () => {
    const schedule = { firstHourEveryMinutes: 15, thenEveryMinutes: 60 };
    const startedAt = 0;
    expect(nextVitalsDue({ startedAt, firstDose: true, schedule })).toBe(15 * MINUTE);
    expect(nextVitalsDue({ startedAt, lastTakenAt: 45 * MINUTE, firstDose: true, schedule })).toBe(60 * MINUTE);
    expect(nextVitalsDue({ startedAt, lastTakenAt: 61 * MINUTE, firstDose: true, schedule })).toBe(121 * MINUTE);
    expect(nextVitalsDue({ startedAt, firstDose: false, schedule })).toBe(60 * MINUTE);
  });
});
