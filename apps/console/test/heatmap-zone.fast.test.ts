import { reportLocation, reportPeriod } from '../web/src/screens/reports/report-period.js';

// The Reports screen's days (and so its heatmap's columns) are the location's own, whatever zone
// the browser is in: the regression of an Auckland booking missing from a UTC browser's heatmap.

const EVENING_UTC = new Date('2026-12-02T20:05:00Z'); // 09:05 on 3 December in Auckland, 09:05 on 2 December in Pago Pago

describe("the Reports screen's period", () => {
  const browserZone = process.env.TZ;
  afterEach(() => {
    if (browserZone === undefined) delete process.env.TZ;
    else process.env.TZ = browserZone;
  });

  it.each(['UTC', 'Pacific/Pago_Pago', 'Pacific/Kiritimati'])(
    "ends on the location's today, not the browser's (browser in %s)",
    (zone) => {
      process.env.TZ = zone; // Node reads TZ again when it changes: the browser's zone, as far as Date is concerned.
      expect(reportPeriod(EVENING_UTC, 14, 'Pacific/Auckland')).toEqual({ from: '2026-11-20', to: '2026-12-03' });
      expect(reportPeriod(EVENING_UTC, 7, 'Pacific/Pago_Pago')).toEqual({ from: '2026-11-26', to: '2026-12-02' });
      expect(reportPeriod(EVENING_UTC, 1, 'Europe/Madrid')).toEqual({ from: '2026-12-02', to: '2026-12-02' });
    },
  );

  it('crosses month and year ends by the calendar', () => {
    expect(reportPeriod(new Date('2027-01-01T11:00:00Z'), 30, 'Pacific/Kiritimati')).toEqual({
      from: '2026-12-04',
      to: '2027-01-02',
    });
    // Across Madrid's spring DST change: 14 calendar days, whatever the hours.
    expect(reportPeriod(new Date('2027-04-05T00:30:00Z'), 14, 'Europe/Madrid')).toEqual({
      from: '2027-03-23',
      to: '2027-04-05',
    });
  });

  it('shows the location chosen, else the remembered one, else the first', () => {
    const locations = [
      { locationId: 'a', timeZone: 'Europe/Madrid' },
      { locationId: 'b', timeZone: 'Pacific/Auckland' },
    ];
    expect(reportLocation(locations, 'b', 'a')?.timeZone).toBe('Pacific/Auckland');
    expect(reportLocation(locations, null, 'b')?.timeZone).toBe('Pacific/Auckland');
    expect(reportLocation(locations, null, 'gone')?.locationId).toBe('a');
    expect(reportLocation([], null, null)).toBeUndefined();
  });
});
