/**
 * How a patient is reached, as scheduling models it (`POST /patients`, `PUT /patients/{id}/contact`):
 * a phone (E.164) and an email, the language and the preferred channel of messages, and one consent
 * to be messaged at all (without it notifications sends nothing, whatever the channels). Consent
 * needs a phone or an email: scheduling refuses it otherwise, naming `notificationConsent`.
 */
export interface ContactForm {
  phone: string;
  email: string;
  preferredLanguage: 'en' | 'es';
  preferredChannel: 'email' | 'sms';
  notificationConsent: boolean;
}

/** Scheduling's notification preferences (channel order with fallback, opt-outs, quiet hours). */
export interface ContactPreferences {
  channels: Array<'email' | 'sms'>;
  optOutKinds: string[];
  quietHours: { start: string; end: string } | null;
  timeZone: string | null;
}

export const NO_CONTACT: ContactForm = {
  phone: '',
  email: '',
  preferredLanguage: 'en',
  preferredChannel: 'email',
  notificationConsent: false,
};

/** The form as scheduling takes it: empty fields are absent (no phone, no email), never empty strings. */
export function contactBody(form: ContactForm): Record<string, unknown> {
  return {
    ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
    ...(form.email.trim() ? { email: form.email.trim() } : {}),
    preferredLanguage: form.preferredLanguage,
    preferredChannel: form.preferredChannel,
    notificationConsent: form.notificationConsent,
  };
}

/**
 * The preferences to send with a changed contact: `PUT …/contact` replaces the whole state, so
 * what the patient stated (opt-outs, quiet hours) is sent back, with the preferred channel first
 * in the order (notifications follows `preferences.channels` over `preferredChannel` when both exist).
 */
export function preferencesFor(
  form: ContactForm,
  current: ContactPreferences | null | undefined,
): ContactPreferences | undefined {
  if (!current) return undefined;
  const rest = current.channels.filter((c) => c !== form.preferredChannel);
  return { ...current, channels: [form.preferredChannel, ...rest] };
}

/**
 * The fields a problem+json refusal names, each with its reason (scheduling's `errors`, carried by
 * ApiError's `problem`). Read by shape rather than `instanceof ApiError` so this file needs no
 * browser globals (the fast tests import it in Node).
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const problem = (error as { problem?: { errors?: Array<{ field: string; reason: string }> } } | null | undefined)?.problem;
  return Object.fromEntries((problem?.errors ?? []).map((e) => [e.field.split('.')[0]!, e.reason]));
}
