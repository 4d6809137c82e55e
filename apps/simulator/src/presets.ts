import { DEFAULT_THERAPIES } from '@chairside/domain';
import type { CenterSpec } from './center.js';
import { THERAPY_MIX } from './visit-plan.js';

/**
 * The demo organisation: three centers whose opening hours (07:00–19:00 local, every day) follow
 * the sun, so at any hour of the day at least one of them is open.
 */
export const DEMO_CENTERS: CenterSpec[] = [
  {
    name: 'Chairside Retiro (Madrid)',
    timeZone: 'Europe/Madrid',
    chairs: 10,
    nurses: 4,
    opens: '07:00',
    closes: '19:00',
    days: 14,
  },
  {
    name: 'Chairside Riverside (Chicago)',
    timeZone: 'America/Chicago',
    chairs: 12,
    nurses: 4,
    opens: '07:00',
    closes: '19:00',
    days: 14,
  },
  {
    name: 'Chairside Harbour (Sydney)',
    timeZone: 'Australia/Sydney',
    chairs: 8,
    nurses: 3,
    opens: '07:00',
    closes: '19:00',
    days: 14,
  },
];

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Madrid',
  'Europe/Berlin',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

/** `count` centers of `chairs` chairs across ten zones, for load and fault runs. */
export function fleet(count: number, chairs: number, label: string, days = 3): CenterSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${label} ${String(i + 1).padStart(3, '0')}`,
    timeZone: ZONES[i % ZONES.length]!,
    chairs,
    nurses: Math.max(1, Math.round(chairs / 3.5)),
    opens: '00:00',
    closes: '23:59',
    days,
  }));
}

/** Minutes a chair is taken by the average visit of the therapy mix: infusion, observation and turnover. */
export function meanChairMinutes(): number {
  const total = THERAPY_MIX.reduce((sum, [, share]) => sum + share, 0);
  return THERAPY_MIX.reduce((sum, [code, share]) => {
    const t = DEFAULT_THERAPIES[code];
    return sum + (share / total) * (t.defaultDurationMinutes + t.observationMinutes + t.turnoverMinutes);
  }, 0);
}

/**
 * Bookings per simulated hour that keep a center's chairs `occupancy` full, averaged over the day
 * (a center open 12 hours of 24 takes half as many as one always open). Booking faster than this
 * fills the horizon within minutes and every later request only joins the waitlist.
 */
export function capacityBookingsPerHour(spec: CenterSpec, occupancy = 0.8): number {
  const minutesOf = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return h * 60 + m;
  };
  const openShareOfDay = Math.max(0, minutesOf(spec.closes) - minutesOf(spec.opens)) / (24 * 60);
  return (spec.chairs * openShareOfDay * 60 * occupancy) / meanChairMinutes();
}
