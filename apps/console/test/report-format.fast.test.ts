import { formatShare } from '../web/src/screens/reports/report-format.js';

// The Reports screen's percentages: a share above zero never reads as none.

describe("the Reports screen's shares", () => {
  const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });

  it('writes a whole percent, and "<1%" for a share above zero that rounds to 0%', () => {
    expect(formatShare(0, percent)).toBe('0%');
    expect(formatShare(0.00004, percent)).toBe('<1%');
    expect(formatShare(0.0049, percent)).toBe('<1%');
    expect(formatShare(0.005, percent)).toBe('1%');
    expect(formatShare(0.426, percent)).toBe('43%');
    expect(formatShare(1, percent)).toBe('100%');
  });
});
