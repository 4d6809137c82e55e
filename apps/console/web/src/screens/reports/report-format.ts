/**
 * A share (0..1) as a whole percent. A share above zero that would round to "0%" reads "<1%": the
 * demo plays a visit in a few real seconds, so the chair time it uses is a sliver of the day's, and
 * "0%" would tell a manager that no chair was used at all.
 */
export function formatShare(value: number, percent: Intl.NumberFormat): string {
  const shown = percent.format(value);
  return value > 0 && shown === percent.format(0) ? `<${percent.format(0.01)}` : shown;
}
