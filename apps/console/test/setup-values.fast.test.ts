import { dayShift, formatDayHours, parseDayHours, parseLeadTimes, shiftTimes } from '../web/src/screens/setup/setup-values.js';

describe("the Setup screen's values", () => {
  it("puts a shift's new times on its own local day, in the location's zone", () => {
    // 07:00–17:00 in Kolkata (UTC+05:30) on 3 December, ending at 12:30 instead.
    expect(shiftTimes('2026-12-03T01:30:00.000Z', '07:00', '12:30', 'Asia/Kolkata')).toEqual({
      startsAt: '2026-12-03T01:30:00.000Z',
      endsAt: '2026-12-03T07:00:00.000Z',
    });
    // A night shift: an end not after the start is the next morning.
    expect(shiftTimes('2026-12-03T21:00:00.000Z', '22:00', '06:00', 'Europe/Madrid')).toEqual({
      startsAt: '2026-12-03T21:00:00.000Z',
      endsAt: '2026-12-04T05:00:00.000Z',
    });
    // Across Madrid's spring change (29 March 2026, 02:00 → 03:00): the local times, not the hours between them.
    expect(shiftTimes('2026-03-29T00:00:00.000Z', '01:00', '09:00', 'Europe/Madrid')).toEqual({
      startsAt: '2026-03-29T00:00:00.000Z',
      endsAt: '2026-03-29T07:00:00.000Z',
    });
  });

  it('reads reminder lead times as notifications accepts them, or refuses them', () => {
    expect(parseLeadTimes('2, 48')).toEqual([48, 2]);
    expect(parseLeadTimes(' 72,24 , 2 ')).toEqual([72, 24, 2]);
    expect(parseLeadTimes('')).toEqual([]);
    expect(parseLeadTimes('0, 400')).toBeUndefined();
    expect(parseLeadTimes('337')).toBeUndefined();
    expect(parseLeadTimes('24, 24')).toBeUndefined();
    expect(parseLeadTimes('1, 2, 3, 4, 5, 6')).toBeUndefined();
    expect(parseLeadTimes('1.5')).toBeUndefined();
    expect(parseLeadTimes('abc')).toBeUndefined();
  });

  it('reads a day of opening hours as the admin writes them, or refuses it', () => {
    expect(parseDayHours('13:00-19:00, 08:00–12:00')).toEqual([
      { opens: '08:00', closes: '12:00' },
      { opens: '13:00', closes: '19:00' },
    ]);
    expect(parseDayHours('  ')).toEqual([]);
    expect(parseDayHours('08:00-12:00, 11:00-18:00')).toBeUndefined();
    expect(parseDayHours('18:00-08:00')).toBeUndefined();
    expect(parseDayHours('8-18')).toBeUndefined();
    expect(parseDayHours('24:00-25:00')).toBeUndefined();
    expect(formatDayHours([{ opens: '08:00', closes: '18:00' }])).toBe('08:00-18:00');
  });

  it('puts a new shift on the day chosen, in the location’s zone', () => {
    expect(dayShift('2026-12-05', '22:00', '06:00', 'Asia/Kolkata')).toEqual({
      startsAt: '2026-12-05T16:30:00.000Z',
      endsAt: '2026-12-06T00:30:00.000Z',
    });
  });
});
