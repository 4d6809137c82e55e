/** What Chairside tells patients, and how. */
export const NOTIFICATION_KINDS = [
  'confirmation',
  'reminder',
  'reschedule',
  'cancellation',
  'delay',
  /** A delay the patient was told about cleared: the visit is back on time. */
  'back-on-time',
  'follow-up',
  'waitlist-offer',
  'discharge',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A patient's choices about messages; every field has a default that reaches them politely. */
export interface NotificationPreferences {
  /** Channels to try, in order; the next is the fallback when one fails. */
  channels: Channel[];
  /** Kinds the patient asked not to receive (a confirmation of a booking is still recorded, as suppressed). */
  optOutKinds: NotificationKind[];
  /** No message starts in this local window (wrapping midnight allowed), e.g. 21:00–08:00. */
  quietHours: { start: string; end: string } | null;
  /** The patient's own zone for quiet hours; the location's when absent. */
  timeZone: string | null;
}

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
