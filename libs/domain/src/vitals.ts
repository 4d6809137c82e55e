import { MINUTE } from './durations.js';
/**
 * Vital signs taken at the chair, LOINC-coded (the FHIR vital-signs profile's codes), and the
 * ranges outside which the nurse is alerted. The ranges are configuration-grade defaults for
 * adults in an infusion chair, not clinical advice.
 */
export const VITAL_MEASURES = ['systolic', 'diastolic', 'heartRate', 'respiratoryRate', 'temperatureC', 'spo2', 'pain'] as const;
export type VitalMeasure = (typeof VITAL_MEASURES)[number];

export interface VitalDefinition {
  loinc: string;
  display: string;
  unit: string;
  /** Values a device or a person can plausibly enter; outside them the request is refused. */
  plausible: { min: number; max: number };
  /** Outside [low, high] raises an alert. */
  alert: { low?: number; high?: number };
}

export const VITAL_SIGNS_PANEL_LOINC = '85353-1';
export const BLOOD_PRESSURE_PANEL_LOINC = '85354-9';

export const VITALS: Readonly<Record<VitalMeasure, VitalDefinition>> = {
  systolic: {
    loinc: '8480-6',
    display: 'Systolic blood pressure',
    unit: 'mm[Hg]',
    plausible: { min: 40, max: 300 },
    alert: { low: 90, high: 180 },
  },
  diastolic: {
    loinc: '8462-4',
    display: 'Diastolic blood pressure',
    unit: 'mm[Hg]',
    plausible: { min: 20, max: 200 },
    alert: { low: 50, high: 110 },
  },
  heartRate: {
    loinc: '8867-4',
    display: 'Heart rate',
    unit: '/min',
    plausible: { min: 20, max: 250 },
    alert: { low: 50, high: 120 },
  },
  respiratoryRate: {
    loinc: '9279-1',
    display: 'Respiratory rate',
    unit: '/min',
    plausible: { min: 4, max: 60 },
    alert: { low: 10, high: 24 },
  },
  temperatureC: {
    loinc: '8310-5',
    display: 'Body temperature',
    unit: 'Cel',
    plausible: { min: 30, max: 45 },
    alert: { low: 35, high: 38 },
  },
  spo2: { loinc: '2708-6', display: 'Oxygen saturation', unit: '%', plausible: { min: 50, max: 100 }, alert: { low: 92 } },
  // Pain 0–10 has no vital-signs-profile code; 72514-3 is LOINC's pain severity 0–10 verbal numeric rating.
  pain: { loinc: '72514-3', display: 'Pain severity 0-10', unit: '{score}', plausible: { min: 0, max: 10 }, alert: { high: 6 } },
};

export type VitalValues = Partial<Record<VitalMeasure, number>>;

export interface VitalFinding {
  measure: VitalMeasure;
  loinc: string;
  value: number;
  low?: number;
  high?: number;
}

/** Values outside their alert range; empty when all is well. */
export function vitalFindings(values: VitalValues): VitalFinding[] {
  const findings: VitalFinding[] = [];
  for (const measure of Object.keys(values) as VitalMeasure[]) {
    const value = values[measure];
    if (value === undefined) continue;
    const { loinc, alert } = VITALS[measure];
    if ((alert.low !== undefined && value < alert.low) || (alert.high !== undefined && value > alert.high)) {
      findings.push({
        measure,
        loinc,
        value,
        ...(alert.low !== undefined ? { low: alert.low } : {}),
        ...(alert.high !== undefined ? { high: alert.high } : {}),
      });
    }
  }
  return findings;
}

/** Values a person could not have meant (e.g. a heart rate of 900): refused, not alerted. */
export function implausibleVitals(values: VitalValues): Array<{ field: VitalMeasure; reason: string }> {
  return (Object.keys(values) as VitalMeasure[])
    .filter((m) => values[m] !== undefined && !(values[m]! >= VITALS[m].plausible.min && values[m]! <= VITALS[m].plausible.max))
    .map((m) => ({
      field: m,
      reason: `must be between ${VITALS[m].plausible.min} and ${VITALS[m].plausible.max} ${VITALS[m].unit}`,
    }));
}

/**
 * When the next vital signs are due, by the therapy's schedule: every `firstHourEveryMinutes`
 * during the first hour of a first dose (or when the dose number is unknown), then every
 * `thenEveryMinutes`. Counted from the infusion start, or from the last vitals if later.
 */
export function nextVitalsDue(p: {
  startedAt: number;
  lastTakenAt?: number;
  firstDose: boolean;
  schedule: { firstHourEveryMinutes: number; thenEveryMinutes: number };
}): number {
  const from = Math.max(p.startedAt, p.lastTakenAt ?? p.startedAt);
  const inFirstHour = p.firstDose && from < p.startedAt + 60 * MINUTE;
  const every = inFirstHour ? p.schedule.firstHourEveryMinutes : p.schedule.thenEveryMinutes;
  return from + every * MINUTE;
}
