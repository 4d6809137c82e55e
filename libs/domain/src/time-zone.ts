/**
 * A location's rules (opening hours, reminder hours) are evaluated in its IANA zone while
 * every instant is stored in UTC. Intl knows the zone database, so no zone list is kept here.
 */
export function isIanaTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
