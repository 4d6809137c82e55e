import { CHANNELS, type Channel, type NotificationPreferences } from '@chairside/domain';
import type { DirectoryContact } from '../directory/directory.entities.js';
import type { Recipient } from './plan.js';

/** What planning and dispatch need of a patient's contact; no contact yet means no consent. */
export function recipientOf(contact: DirectoryContact | null): Recipient {
  if (!contact) return { email: null, phone: null, consent: false, preferences: defaultPreferences('email') };
  return { email: contact.email, phone: contact.phone, consent: contact.consent, preferences: contact.preferences };
}

/** A patient who stated no preferences: their preferred channel first, then the others. */
export function defaultPreferences(preferred: Channel): NotificationPreferences {
  return { channels: [preferred, ...CHANNELS.filter((c) => c !== preferred)], optOutKinds: [], quietHours: null, timeZone: null };
}
