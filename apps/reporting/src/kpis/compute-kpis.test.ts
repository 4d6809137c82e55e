import fc from 'fast-check';
import {
  dayKpis,
  hourlyLoad,
  type LocationCalendar,
  noShowsByLeadTime,
  openMinutes,
  percentile,
  reminderEffect,
  type Visit,
} from './compute-kpis.js';
import { MINUTE } from '@chairside/domain';
const weekdays = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ opens: '08:00', closes: '18:00' }]]));
const chicago: LocationCalendar = {
  locationId: 'L1',
  timeZone: 'America/Chicago',
  chairs: 4,
  weeklyHours: weekdays,
  closedDates: ['2026-12-25'],
};

function visit(p: Partial<Visit>): Visit {
  return {
    appointmentId: Math.random().toString(36),
    locationId: 'L1',
    therapyCode: 'iron',
    nurseId: 'N1',
    status: 'fulfilled',
    bookedAt: null,
    startsAt: null,
    endsAt: null,
    durationMinutes: 30,
    lateCancellation: null,
    confirmedAt: null,
    checkedInAt: null,
    seatedAt: null,
    drugReadyAt: null,
    infusionStartedAt: null,
    infusingMinutes: null,
    dischargedAt: null,
    remindersSent: 0,
    ...p,
  };
}

describe('visit KPIs', () => {
  it('interpolates percentiles like percentile_cont', () => {
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([10, 20, 30, 40], 0.9)).toBeCloseTo(37);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('counts open chair time in the local day, closed dates and DST days included', () => {
    expect(openMinutes(chicago, '2026-12-01')).toBe(600);
    expect(openMinutes(chicago, '2026-12-25')).toBe(0);
    expect(openMinutes(chicago, '2026-12-05')).toBe(0);
    // A center open across 02:00 on the spring-forward day loses an hour.
    const night = { ...chicago, weeklyHours: { '7': [{ opens: '00:00', closes: '06:00' }] } };
    expect(openMinutes(night, '2027-03-14')).toBe(300);
  });

  it('computes utilization, waits, on-time starts and rates for a day', () => {
    const t = Date.parse('2026-12-01T15:00:00Z'); // 09:00 in Chicago
    const visits = [
      visit({
        startsAt: t,
        endsAt: t + 60 * MINUTE,
        checkedInAt: t - 10 * MINUTE,
        seatedAt: t,
        drugReadyAt: t + 20 * MINUTE,
        infusionStartedAt: t + 25 * MINUTE,
        infusingMinutes: 30,
        dischargedAt: t + 90 * MINUTE,
        confirmedAt: t - 86_400_000,
      }),
      visit({
        startsAt: t,
        endsAt: t + 60 * MINUTE,
        checkedInAt: t,
        seatedAt: t + 30 * MINUTE,
        drugReadyAt: t + 30 * MINUTE,
        infusionStartedAt: t + 35 * MINUTE,
        infusingMinutes: 40,
        dischargedAt: t + 100 * MINUTE,
      }),
      visit({ status: 'noshow', startsAt: t + 120 * MINUTE, endsAt: t + 180 * MINUTE }),
      visit({ status: 'cancelled', lateCancellation: true, startsAt: t + 60 * MINUTE, endsAt: t + 120 * MINUTE }),
    ];
    const k = dayKpis(chicago, '2026-12-01', visits);
    expect(k.openChairMinutes).toBe(2400);
    expect(k.scheduledUtilization).toBeCloseTo(180 / 2400);
    expect(k.actualUtilization).toBeCloseTo((90 + 70) / 2400);
    expect(k).toMatchObject({
      visits: 4,
      infusions: 2,
      infusionsPerChair: 0.5,
      noShows: 1,
      lateCancellations: 1,
      lateCancellationRate: 0.25,
      onTimeStartRate: 0,
    });
    expect(k.noShowRate).toBeCloseTo(1 / 3);
    expect(k.waits.checkInToChair).toEqual({ n: 2, p50: 20, p90: 28 });
    expect(k.waits.drugReadyToStart).toEqual({ n: 2, p50: 5, p90: 5 });
    expect(k.confirmationRate).toBeCloseTo(1 / 3);
    expect(k.actualInfusingMinutesMean).toBe(35);
  });

  it('splits no-shows by lead time and by whether a reminder was sent', () => {
    const start = Date.parse('2026-12-10T15:00:00Z');
    const day = 86_400_000;
    const visits = [
      visit({ status: 'noshow', bookedAt: start - day, startsAt: start }),
      visit({ bookedAt: start - 3 * day, startsAt: start, remindersSent: 2 }),
      visit({ status: 'noshow', bookedAt: start - 40 * day, startsAt: start }),
      visit({ bookedAt: start - 40 * day, startsAt: start, remindersSent: 3 }),
    ];
    expect(noShowsByLeadTime(visits).map((b) => [b.bucket, b.visits, b.noShows])).toEqual([
      ['under 2 days', 1, 1],
      ['2 to 7 days', 1, 0],
      ['7 to 28 days', 0, 0],
      ['28 days or more', 2, 1],
    ]);
    expect(reminderEffect(visits)).toEqual({
      withReminder: { visits: 2, noShowRate: 0 },
      withoutReminder: { visits: 2, noShowRate: 1 },
    });
  });

  it('gives each local day its real hours: 23 on the spring-forward day, 25 on the fall-back day', () => {
    expect(hourlyLoad(chicago, '2027-03-14', []).map((h) => h.hour)).toEqual([
      '00:00',
      '01:00',
      ...Array.from({ length: 21 }, (_, i) => `${String(i + 3).padStart(2, '0')}:00`),
    ]);
    const fallBack = hourlyLoad(chicago, '2026-11-01', []);
    expect(fallBack).toHaveLength(25);
    expect(fallBack.filter((h) => h.hour === '01:00').map((h) => h.utcOffset)).toEqual(['-05:00', '-06:00']);
  });

  it('finds the peak chairs in use and patients per nurse within each hour', () => {
    const nine = Date.parse('2026-12-01T15:00:00Z'); // 09:00 in Chicago
    const visits = [
      visit({
        nurseId: 'N1',
        startsAt: nine,
        endsAt: nine + 90 * MINUTE,
        seatedAt: nine + 5 * MINUTE,
        dischargedAt: nine + 50 * MINUTE,
        infusionStartedAt: nine + 10 * MINUTE,
      }),
      visit({
        nurseId: 'N1',
        startsAt: nine + 30 * MINUTE,
        endsAt: nine + 120 * MINUTE,
        seatedAt: nine + 40 * MINUTE,
        dischargedAt: nine + 100 * MINUTE,
        infusionStartedAt: nine + 45 * MINUTE,
      }),
      // Seated after the first one left: three stays in the hour, never more than two at once.
      visit({
        nurseId: 'N2',
        startsAt: nine + 50 * MINUTE,
        endsAt: nine + 70 * MINUTE,
        seatedAt: nine + 55 * MINUTE,
        dischargedAt: nine + 65 * MINUTE,
      }),
      visit({ nurseId: 'N2', status: 'cancelled', startsAt: nine, endsAt: nine + 60 * MINUTE }),
    ];
    const hours = hourlyLoad(chicago, '2026-12-01', visits);
    expect(hours.find((h) => h.hour === '09:00')).toEqual({
      hour: '09:00',
      startsAt: '2026-12-01T15:00:00.000Z',
      utcOffset: '-06:00',
      scheduledChairsPeak: 3,
      chairsInUsePeak: 2,
      patientsPerNursePeak: 2,
      infusionStarts: 2,
    });
    expect(hours.find((h) => h.hour === '10:00')).toMatchObject({
      scheduledChairsPeak: 3,
      chairsInUsePeak: 2,
      patientsPerNursePeak: 1,
      infusionStarts: 0,
    });
    expect(hours.find((h) => h.hour === '11:00')).toMatchObject({ scheduledChairsPeak: 0, chairsInUsePeak: 0 });
  });

  it('reports as peak the most stays at any instant of the hour', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            from: fc.integer({ min: 0, max: 24 * 60 }),
            length: fc.integer({ min: 1, max: 300 }),
            nurse: fc.constantFrom('N1', 'N2'),
          }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 0, max: 23 }),
        (stays, hour) => {
          const midnight = Date.parse('2026-12-01T06:00:00Z');
          const visits = stays.map((s) =>
            visit({
              nurseId: s.nurse,
              startsAt: midnight + s.from * MINUTE,
              endsAt: midnight + (s.from + s.length) * MINUTE,
              seatedAt: midnight + s.from * MINUTE,
              dischargedAt: midnight + (s.from + s.length) * MINUTE,
            }),
          );
          const h = hourlyLoad(chicago, '2026-12-01', visits)[hour]!;
          const from = midnight + hour * 60 * MINUTE;
          const touching = visits.filter((v) => v.seatedAt! < from + 60 * MINUTE && v.dischargedAt! > from);
          expect(h.chairsInUsePeak).toBeLessThanOrEqual(touching.length);
          // Count at every minute of the hour: the peak is their maximum.
          let most = 0;
          for (let m = 0; m < 60; m++)
            most = Math.max(
              most,
              visits.filter((v) => v.seatedAt! <= from + m * MINUTE && from + m * MINUTE < v.dischargedAt!).length,
            );
          expect(h.chairsInUsePeak).toBe(most);
          expect(h.scheduledChairsPeak).toBe(most);
          expect(h.patientsPerNursePeak).toBeLessThanOrEqual(most);
        },
      ),
    );
  });
});
