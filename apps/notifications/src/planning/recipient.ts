import { CHANNELS, type Channel, type NotificationPreferences } from '@chairside/domain';
import type { DirectoryContact } from '../directory/directory.entities.js';
import type { Recipient } from './plan.js';

/**
 * What planning and dispatch need of a patient's contact; no contact yet means no consent. An
 * email address that bounced or complained (`emailSuppressed`) is as good as none: the next channel takes over.
 */
export function recipientOf(contact: DirectoryContact | null, emailSuppressed = false): Recipient {
  if (!contact) return { email: null, phone: null, consent: false, preferences: defaultPreferences('email') };
  return {
    email: emailSuppressed ? null : contact.email,
    phone: contact.phone,
    consent: contact.consent,
    preferences: contact.preferences,
  };
}

/** A patient who stated no preferences: their preferred channel first, then the others. */
export function defaultPreferences(preferred: Channel): NotificationPreferences {
  return { channels: [preferred, ...CHANNELS.filter((c) => c !== preferred)], optOutKinds: [], quietHours: null, timeZone: null };
}
