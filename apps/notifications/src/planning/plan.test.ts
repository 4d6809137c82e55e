import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { NotificationPreferences } from '@chairside/domain';
import { afterQuietHours, decide, inQuietHours, type Recipient, reminderDue } from './plan.js';
import { HOUR } from '@chairside/domain';
const prefs = (p: Partial<NotificationPreferences> = {}): NotificationPreferences => ({
  channels: ['email', 'sms'],
  optOutKinds: [],
  quietHours: null,
  timeZone: null,
  ...p,
});
const patient = (p: Partial<Recipient> = {}): Recipient => ({
  email: 'p@example.test',
  phone: '+13125550100',
  consent: true,
  preferences: prefs(),
  ...p,
});

describe('when reminders go', () => {
  it('keeps the local time for whole days across a DST change, and exact hours otherwise', () => {
    // Monday 2026-03-09 09:00 in Chicago (CDT, UTC-5); DST began Sunday 03-08.
    const start = DateTime.fromISO('2026-03-09T09:00', { zone: 'America/Chicago' }).toMillis();
    expect(new Date(reminderDue(start, 72, 'America/Chicago')).toISOString()).toBe('2026-03-06T15:00:00.000Z'); // Friday 09:00 CST
    expect(new Date(reminderDue(start, 24, 'America/Chicago')).toISOString()).toBe('2026-03-08T14:00:00.000Z'); // Sunday 09:00 CDT
    expect(new Date(reminderDue(start, 2, 'America/Chicago')).toISOString()).toBe('2026-03-09T12:00:00.000Z');
    // Autumn: Madrid falls back on 2026-10-25.
    const madrid = DateTime.fromISO('2026-10-26T10:30', { zone: 'Europe/Madrid' }).toMillis();
    expect(
      DateTime.fromMillis(reminderDue(madrid, 24, 'Europe/Madrid'), { zone: 'Europe/Madrid' }).toFormat('yyyy-MM-dd HH:mm'),
    ).toBe('2026-10-25 10:30');
  });

  it('refuses what the patient did not consent to or opted out of, or cannot receive', () => {
    const now = Date.UTC(2026, 0, 5, 15);
    expect(decide(patient({ consent: false }), 'reminder', now + HOUR, now + 5 * HOUR, now, 'UTC')).toMatchObject({
      send: false,
      reason: 'no-consent',
    });
    expect(
      decide(patient({ preferences: prefs({ optOutKinds: ['reminder'] }) }), 'reminder', now + HOUR, now + 5 * HOUR, now, 'UTC'),
    ).toMatchObject({ send: false, reason: 'opted-out' });
    expect(decide(patient({ email: null, phone: null }), 'reminder', now + HOUR, now + 5 * HOUR, now, 'UTC')).toMatchObject({
      send: false,
      reason: 'no-contact',
    });
    expect(decide(patient({ email: null }), 'reminder', now + HOUR, now + 5 * HOUR, now, 'UTC')).toEqual({
      send: true,
      channel: 'sms',
      dueAt: now + HOUR,
    });
    expect(decide(patient(), 'reminder', now - 3 * HOUR, now - HOUR, now, 'UTC')).toMatchObject({
      send: false,
      reason: 'past-due',
    });
  });

  it('moves a message out of quiet hours: to their end when still useful, else to just before they began', () => {
    const zone = 'America/New_York';
    const quiet = patient({ preferences: prefs({ quietHours: { start: '21:00', end: '08:00' } }) });
    const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
    const now = at('2026-06-01T12:00');
    // A 24 h reminder wanted at 06:30 for an 06:30 + 24 h appointment: 08:00 is still useful.
    expect(decide(quiet, 'reminder', at('2026-06-02T06:30'), at('2026-06-03T06:30'), now, zone)).toMatchObject({
      send: true,
      dueAt: at('2026-06-02T08:00'),
    });
    // Wanted at 06:30 for a 07:45 start: 08:00 would be too late, so just before quiet hours the evening before.
    expect(decide(quiet, 'reminder', at('2026-06-02T06:30'), at('2026-06-02T07:45'), now, zone)).toMatchObject({
      send: true,
      dueAt: at('2026-06-01T20:59'),
    });
  });

  it('moves a retry or a fallback that falls in quiet hours (in the patient’s own zone) to their end', () => {
    const zone = 'America/New_York';
    const quiet = patient({ preferences: prefs({ quietHours: { start: '21:00', end: '08:00' }, timeZone: 'Europe/Madrid' }) });
    const madrid = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Madrid' }).toMillis();
    expect(afterQuietHours(madrid('2026-06-01T23:10'), quiet, zone)).toBe(madrid('2026-06-02T08:00'));
    expect(afterQuietHours(madrid('2026-06-02T07:59'), quiet, zone)).toBe(madrid('2026-06-02T08:00'));
    expect(afterQuietHours(madrid('2026-06-02T12:00'), quiet, zone)).toBe(madrid('2026-06-02T12:00'));
    expect(afterQuietHours(madrid('2026-06-02T23:00'), patient(), zone)).toBe(madrid('2026-06-02T23:00'));
  });

  it('never schedules inside quiet hours, never in the past, never after it is useless (property)', () => {
    const zone = 'Europe/Madrid';
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 * 24 * 20 }),
        fc.integer({ min: -600, max: 60 * 24 * 4 }),
        fc.integer({ min: 1, max: 60 * 24 * 4 }),
        fc.constantFrom('21:00', '22:30', '00:00'),
        fc.constantFrom('07:00', '08:00', '09:15'),
        (nowMin, wantMin, usefulMin, start, end) => {
          const now = Date.UTC(2026, 2, 20) + nowMin * 60_000;
          const wanted = now + wantMin * 60_000;
          const latest = wanted + usefulMin * 60_000;
          const quietHours = { start, end };
          const d = decide(patient({ preferences: prefs({ quietHours }) }), 'reminder', wanted, latest, now, zone);
          if (d.send) {
            expect(d.dueAt).toBeGreaterThanOrEqual(now);
            expect(d.dueAt).toBeLessThan(latest);
            expect(inQuietHours(d.dueAt, quietHours, zone)).toBe(false);
          }
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
