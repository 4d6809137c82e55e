import { dayKpis, type LocationCalendar, noShowsByLeadTime, openMinutes, percentile, reminderEffect, type Visit } from './compute-kpis.js';

const MINUTE = 60_000;
const weekdays = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ opens: '08:00', closes: '18:00' }]]));
const chicago: LocationCalendar = { locationId: 'L1', timeZone: 'America/Chicago', chairs: 4, weeklyHours: weekdays, closedDates: ['2026-12-25'] };

function visit(p: Partial<Visit>): Visit {
  return { appointmentId: Math.random().toString(36), locationId: 'L1', therapyCode: 'iron', status: 'fulfilled', bookedAt: null, startsAt: null, endsAt: null, durationMinutes: 30, lateCancellation: null, confirmedAt: null, checkedInAt: null, seatedAt: null, drugReadyAt: null, infusionStartedAt: null, infusingMinutes: null, dischargedAt: null, remindersSent: 0, ...p };
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
      visit({ startsAt: t, endsAt: t + 60 * MINUTE, checkedInAt: t - 10 * MINUTE, seatedAt: t, drugReadyAt: t + 20 * MINUTE, infusionStartedAt: t + 25 * MINUTE, infusingMinutes: 30, dischargedAt: t + 90 * MINUTE, confirmedAt: t - 86_400_000 }),
      visit({ startsAt: t, endsAt: t + 60 * MINUTE, checkedInAt: t, seatedAt: t + 30 * MINUTE, drugReadyAt: t + 30 * MINUTE, infusionStartedAt: t + 35 * MINUTE, infusingMinutes: 40, dischargedAt: t + 100 * MINUTE }),
      visit({ status: 'noshow', startsAt: t + 120 * MINUTE, endsAt: t + 180 * MINUTE }),
      visit({ status: 'cancelled', lateCancellation: true, startsAt: t + 60 * MINUTE, endsAt: t + 120 * MINUTE }),
    ];
    const k = dayKpis(chicago, '2026-12-01', visits);
    expect(k.openChairMinutes).toBe(2400);
    expect(k.scheduledUtilization).toBeCloseTo(180 / 2400);
    expect(k.actualUtilization).toBeCloseTo((90 + 70) / 2400);
    expect(k).toMatchObject({ visits: 4, infusions: 2, infusionsPerChair: 0.5, noShows: 1, lateCancellations: 1, lateCancellationRate: 0.25, onTimeStartRate: 0 });
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
    expect(noShowsByLeadTime(visits).map((b) => [b.bucket, b.visits, b.noShows])).toEqual([['under 2 days', 1, 1], ['2 to 7 days', 1, 0], ['7 to 28 days', 0, 0], ['28 days or more', 2, 1]]);
    expect(reminderEffect(visits)).toEqual({ withReminder: { visits: 2, noShowRate: 0 }, withoutReminder: { visits: 2, noShowRate: 1 } });
  });
});
