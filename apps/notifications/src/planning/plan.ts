import { DateTime } from 'luxon';
import type { Channel, NotificationKind, NotificationPreferences } from '@chairside/domain';
import { HOUR, MINUTE } from '@chairside/domain';

/** Who the message is for, as far as deciding when and how goes. */
export interface Recipient {
  email: string | null;
  phone: string | null;
  consent: boolean;
  preferences: NotificationPreferences;
}

export type Suppression = 'no-consent' | 'opted-out' | 'no-contact' | 'past-due' | 'quiet-hours';

export type Decision = { send: true; channel: Channel; dueAt: number } | { send: false; reason: Suppression; channel: Channel };

/** The first channel in the patient's order that has an address. */
export function firstChannel(r: Recipient, after?: Channel): Channel | undefined {
  const order = r.preferences.channels;
  const from = after ? order.indexOf(after) + 1 : 0;
  return order.slice(from).find((c) => (c === 'email' ? !!r.email : !!r.phone));
}

/**
 * When a reminder `offsetHours` before `start` is due. Whole days count on the calendar of the
 * location's zone (72 h before a Monday 09:00 is Friday 09:00 there, even across a DST change, as
 * a person means it); other offsets are exact durations (2 h before is 2 h before).
 */
export function reminderDue(start: number, offsetHours: number, zone: string): number {
  if (offsetHours % 24 === 0)
    return DateTime.fromMillis(start, { zone })
      .minus({ days: offsetHours / 24 })
      .toMillis();
  return start - offsetHours * HOUR;
}

/** Whether the local time at `at` lies in [start, end) of the quiet window (which may wrap midnight). */
export function inQuietHours(at: number, quiet: { start: string; end: string }, zone: string): boolean {
  const local = DateTime.fromMillis(at, { zone });
  const minute = local.hour * 60 + local.minute;
  const [s, e] = [toMinutes(quiet.start), toMinutes(quiet.end)];
  return s <= e ? minute >= s && minute < e : minute >= s || minute < e;
}

/** The end of the quiet window containing `at` (the next local `end` time). */
function quietEnd(at: number, quiet: { end: string }, zone: string): number {
  const local = DateTime.fromMillis(at, { zone });
  const [h, m] = quiet.end.split(':').map(Number) as [number, number];
  let end = local.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  if (end.toMillis() <= at) end = end.plus({ days: 1 });
  return end.toMillis();
}

/** The start of the quiet window containing `at` (the previous local `start` time). */
function quietStart(at: number, quiet: { start: string }, zone: string): number {
  const local = DateTime.fromMillis(at, { zone });
  const [h, m] = quiet.start.split(':').map(Number) as [number, number];
  let start = local.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  if (start.toMillis() > at) start = start.minus({ days: 1 });
  return start.toMillis();
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * Whether, when and on which channel a message goes. `wanted` is when it would ideally go;
 * `latest` is the last moment it is still useful (a reminder after the appointment is noise).
 * A message that falls in the patient's quiet hours moves to their end if that is still useful,
 * otherwise to just before they began; if neither is in the future, it is suppressed.
 */
export function decide(
  r: Recipient,
  kind: NotificationKind,
  wanted: number,
  latest: number,
  now: number,
  zone: string,
): Decision {
  const channel = firstChannel(r) ?? r.preferences.channels[0] ?? 'email';
  if (!r.consent) return { send: false, reason: 'no-consent', channel };
  if (r.preferences.optOutKinds.includes(kind)) return { send: false, reason: 'opted-out', channel };
  if (!firstChannel(r)) return { send: false, reason: 'no-contact', channel };
  // A reminder whose moment passed before it was planned (booked within the window) is noise
  // next to the confirmation; other kinds go now.
  if (kind === 'reminder' && wanted < now) return { send: false, reason: 'past-due', channel };
  let due = Math.max(wanted, now);
  if (due >= latest) return { send: false, reason: 'past-due', channel };
  const quiet = r.preferences.quietHours;
  const patientZone = r.preferences.timeZone ?? zone;
  if (quiet && inQuietHours(due, quiet, patientZone)) {
    const after = quietEnd(due, quiet, patientZone);
    const before = quietStart(due, quiet, patientZone) - MINUTE;
    if (after < latest) due = after;
    else if (before >= now) due = before;
    else return { send: false, reason: 'quiet-hours', channel };
  }
  return { send: true, channel, dueAt: due };
}

/**
 * When a retry or a fallback may go: `at`, or the end of the patient's quiet hours when `at`
 * falls inside them. Quiet hours apply to every attempt, not only the first.
 */
export function afterQuietHours(at: number, r: Recipient, zone: string): number {
  const quiet = r.preferences.quietHours;
  const patientZone = r.preferences.timeZone ?? zone;
  return quiet && inQuietHours(at, quiet, patientZone) ? quietEnd(at, quiet, patientZone) : at;
}
