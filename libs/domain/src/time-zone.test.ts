import { isIanaTimeZone } from './time-zone.js';
import { mayActAt } from './roles.js';

describe('isIanaTimeZone', () => {
  it.each(['America/Chicago', 'Europe/Madrid', 'Australia/Lord_Howe', 'UTC'])('accepts %s', (zone) =>
    expect(isIanaTimeZone(zone)).toBe(true),
  );
  it.each(['CST', 'GMT+5', 'Mars/Olympus', '', 'america/chicago/x'])('rejects %s', (zone) =>
    expect(isIanaTimeZone(zone)).toBe(false),
  );
});

describe('mayActAt', () => {
  it('allows listed locations and organisation-wide grants only', () => {
    expect(mayActAt('*', 'a')).toBe(true);
    expect(mayActAt(['a', 'b'], 'b')).toBe(true);
    expect(mayActAt(['a'], 'b')).toBe(false);
    expect(mayActAt([], 'a')).toBe(false);
  });
});
