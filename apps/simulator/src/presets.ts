import type { CenterSpec } from './center.js';

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
