import { ProblemException } from '@chairside/platform';
import {
  heatmapBound,
  locationsBound,
  MAX_HEATMAP_LOCATION_DAYS,
  MAX_REPORT_LOCATIONS,
  wholeMonths,
} from './kpi-report.query.js';
import { MAX_REPORT_DAYS, reportRange } from './report-range.js';

const refusedFields = (from: unknown, to: unknown) => {
  try {
    reportRange(from, to);
    return [];
  } catch (error) {
    return ((error as ProblemException).getResponse() as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
  }
};

describe('reportRange: a report range is checked before anything is sized by it', () => {
  it('accepts the largest range, 366 days (a leap year), and counts its days', () => {
    expect(reportRange('2028-01-01', '2028-12-31')).toEqual({ from: '2028-01-01', to: '2028-12-31', days: MAX_REPORT_DAYS });
    expect(reportRange('2027-03-14', '2027-03-14').days).toBe(1);
  });

  it('refuses 367 days, naming to', () => {
    expect(refusedFields('2027-01-01', '2028-01-02')).toEqual(['to']);
  });

  it('refuses the absurd range at once, naming both fields, without building a date', () => {
    const started = performance.now();
    expect(refusedFields('0001-01-01', '9999-12-31')).toEqual(['from', 'to']);
    // Building the range's 3.65 million dates would take seconds; 50 ms leaves room for a busy
    // neighbour (npm test runs two workers on two cores) and still tells the two apart.
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('refuses dates that do not exist, years outside 1900–2200, other shapes and non-strings', () => {
    expect(refusedFields('2027-02-29', '2027-03-01')).toEqual(['from']);
    expect(refusedFields('2028-02-29', '2028-02-30')).toEqual(['to']);
    expect(refusedFields('1899-12-31', '1900-01-01')).toEqual(['from']);
    expect(refusedFields('2200-12-31', '2201-01-01')).toEqual(['to']);
    expect(refusedFields('2027-3-1', ['2027-03-02'])).toEqual(['from', 'to']);
    expect(refusedFields('2027-03-02', '2027-03-01')).toEqual(['to']);
  });
});

describe('wholeMonths: which part of a range the month counters cover', () => {
  it('splits a range into the whole months inside it and the days around them', () => {
    expect(wholeMonths('2027-01-01', '2027-12-31')).toEqual(['2027-01-01', '2028-01-01']);
    expect(wholeMonths('2027-03-01', '2027-03-31')).toEqual(['2027-03-01', '2027-04-01']);
    expect(wholeMonths('2027-03-15', '2027-05-10')).toEqual(['2027-04-01', '2027-05-01']);
    expect(wholeMonths('2027-12-15', '2028-02-29')).toEqual(['2028-01-01', '2028-03-01']);
    // No whole month: an empty span after the range, so every day is read from the day histograms.
    expect(wholeMonths('2027-03-15', '2027-03-20')).toEqual(['2027-03-21', '2027-03-21']);
    expect(wholeMonths('2027-03-02', '2027-04-30')).toEqual(['2027-04-01', '2027-05-01']);
    expect(wholeMonths('2027-03-02', '2027-04-29')).toEqual(['2027-04-30', '2027-04-30']);
  });
});

describe('heatmapBound: the heatmap is sized by location-days, refused naming the parameter that asked for it', () => {
  const refused = (field: 'include' | 'view', locations: number, days: number) => {
    try {
      heatmapBound(field, locations, days);
      return [];
    } catch (error) {
      return ((error as ProblemException).getResponse() as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    }
  };
  it('accepts 3,200 location-days and refuses 3,201', () => {
    expect(MAX_HEATMAP_LOCATION_DAYS).toBe(3_200);
    expect(refused('include', 10, 320)).toEqual([]);
    expect(refused('include', 11, 291)).toEqual(['include']);
    expect(refused('view', 11, 291)).toEqual(['view']);
    expect(refused('include', 1, 366)).toEqual([]);
  });
});

describe('locationsBound: a report covers at most 1,000 locations, refused naming locationId', () => {
  it('accepts 1,000 locations and refuses 1,001', () => {
    expect(MAX_REPORT_LOCATIONS).toBe(1_000);
    expect(() => locationsBound(1_000)).not.toThrow();
    let fields: string[] = [];
    try {
      locationsBound(1_001);
    } catch (error) {
      fields = ((error as ProblemException).getResponse() as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    }
    expect(fields).toEqual(['locationId']);
  });
});
