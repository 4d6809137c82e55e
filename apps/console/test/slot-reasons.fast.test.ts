import { en, type MessageKey } from '../web/src/i18n/en.js';
import { slotReasons, type SlotReasonCounts } from '../web/src/screens/book/slot-reasons.js';

// The catalogue's placeholders filled as the i18n layer does (web/src/i18n/i18n.ts is not imported:
// it brings React, and React's types the DOM's, into the tests' type check).
const t = (key: MessageKey, values: Record<string, string | number> = {}) =>
  en[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
const counts = (over: Partial<SlotReasonCounts> = {}): SlotReasonCounts => ({
  chairsBusy: 6,
  chairs: 20,
  nursePatients: 2,
  nurseCapacity: 4,
  startsNearby: 0,
  preferenceHours: 0,
  longStayHoursAfterOpening: 0,
  ...over,
});
const said = (c: SlotReasonCounts, earliest = false) =>
  slotReasons(c, 'Ana', earliest, 'en').map(({ key, values }) => t(key, values));

describe("the Book screen's reasons for a slot's rank", () => {
  it('says the chairs busy and the nurse’s patients in words, quiet up to half the chairs and busy from four in five', () => {
    expect(said(counts())).toEqual(['Quiet time: 6 of 20 chairs busy', 'Nurse load: Ana has 2 of 4 patients at once']);
    expect(said(counts({ chairsBusy: 12 }))[0]).toBe('12 of 20 chairs busy');
    expect(said(counts({ chairsBusy: 16 }))[0]).toBe('Busy time: 16 of 20 chairs busy');
  });

  it('adds only the factors that weigh: starts nearby, a long treatment starting late, the preferred times, the earliest, a tie', () => {
    expect(said(counts({ startsNearby: 2, longStayHoursAfterOpening: 2.5, preferenceHours: 1.25 }), true)).toEqual([
      'Quiet time: 6 of 20 chairs busy',
      'Nurse load: Ana has 2 of 4 patients at once',
      'Other starts within 30 minutes: 2',
      'Long treatment starting 2.5 h after opening',
      '1.3 h from the preferred times',
      'Earliest offered',
    ]);
    expect(said(counts()).length).toBe(2);
    expect(slotReasons(counts(), 'Ana', false, 'en', 3).map(({ key, values }) => t(key, values))).toContain(
      'Same score as rank 3, which starts earlier',
    );
  });
});
