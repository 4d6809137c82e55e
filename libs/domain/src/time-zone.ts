/**
 * A location's rules (opening hours, reminder hours) are evaluated in its IANA zone while
 * every instant is stored in UTC. Intl knows the zone database, so no zone list is kept here.
 */
const known = new Map<string, boolean>();

export function isIanaTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  // Building a DateTimeFormat is costly and every event with a zone is validated: remember answers.
  let answer = known.get(zone);
  if (answer === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      answer = true;
    } catch {
      answer = false;
    }
    if (known.size < 1000) known.set(zone, answer);
  }
  return answer;
}
