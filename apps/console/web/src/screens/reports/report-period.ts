import { localDate } from '../../time/zoned.js';

/** A report's period: local dates at one location, inclusive. */
export interface ReportPeriod {
  from: string;
  to: string;
}

/**
 * The last `days` local dates at the location, ending today there. Its zone, never the browser's:
 * a manager in Pago Pago reading an Auckland center at 20:05 UTC is a day behind Auckland, and a
 * range ending on the browser's date leaves out Auckland's today (its bookings, its heatmap hours).
 */
export function reportPeriod(now: Date, days: number, timeZone: string): ReportPeriod {
  const [y, m, d] = localDate(now, timeZone).split('-').map(Number) as [number, number, number];
  const date = (before: number) => new Date(Date.UTC(y, m - 1, d - before)).toISOString().slice(0, 10);
  return { from: date(days - 1), to: date(0) };
}

/** The location chosen on the screen, else the one remembered from the header, else the first the report has. */
export function reportLocation<L extends { locationId: string }>(
  locations: readonly L[],
  chosen: string | null,
  remembered: string | null,
): L | undefined {
  return locations.find((l) => l.locationId === (chosen ?? remembered)) ?? locations[0];
}

/** A center of reporting's directory, as `GET /reports/locations` answers it. */
export interface DirectoryLocation {
  locationId: string;
  name: string | null;
  timeZone: string | null;
}

/** A center reports can be read for: one whose time zone reporting knows. */
export type ReportableLocation = DirectoryLocation & { timeZone: string };

/**
 * The centers the Reports screen offers: those with a zone (their days are counted in it, and
 * reporting's KPI report leaves a center without one out), and those reporting knows without a
 * zone yet, offered as not readable rather than read in some other zone or hidden.
 */
export function reportChoices(locations: readonly DirectoryLocation[]): {
  reportable: ReportableLocation[];
  withoutZone: DirectoryLocation[];
} {
  return {
    reportable: locations.filter((l): l is ReportableLocation => l.timeZone !== null),
    withoutZone: locations.filter((l) => l.timeZone === null),
  };
}
