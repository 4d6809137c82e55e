/**
 * Fixed durations in milliseconds, for arithmetic on instants (`Date.getTime()`). A calendar day
 * in a location's zone is not always 24 hours: step days with luxon in the zone (time-zone.ts).
 */
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
