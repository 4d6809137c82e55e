import { DateTime } from 'luxon';

/**
 * A zone where it is now between 08:00 and 14:00, so today still has slots in a center's
 * 08:00–18:00 opening hours (CenterFixture) whenever the test runs.
 */
export function daytimeZone(): string {
  const zones = [
    'Pacific/Auckland',
    'Asia/Tokyo',
    'Asia/Bangkok',
    'Asia/Kolkata',
    'Asia/Dubai',
    'Europe/Madrid',
    'Atlantic/Azores',
    'America/Sao_Paulo',
    'America/New_York',
    'America/Chicago',
    'America/Los_Angeles',
    'Pacific/Honolulu',
  ];
  const zone = zones.find((z) => {
    const hour = DateTime.now().setZone(z).hour;
    return hour >= 8 && hour < 14;
  });
  if (!zone) throw new Error('no daytime zone in the list');
  return zone;
}
