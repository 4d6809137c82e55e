import { Checkbox, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { ApiError } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

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

/** The fields a problem+json refusal names, each with its reason (scheduling's `errors`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries((error.problem.errors ?? []).map((e) => [e.field.split('.')[0]!, e.reason]));
}

/** The contact inputs, labelled, each showing the reason scheduling gave for refusing it. */
export function ContactFields({
  value,
  onChange,
  errors,
  idPrefix,
}: {
  value: ContactForm;
  onChange: (next: ContactForm) => void;
  errors: Record<string, string>;
  idPrefix: string;
}) {
  const { t } = useI18n();
  const reason = (field: string) => (errors[field] ? t('contact.refused', { reason: errors[field] }) : undefined);
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <TextInput
          id={`${idPrefix}-phone`}
          label={t('contact.phone')}
          description={t('contact.phoneHint')}
          type="tel"
          autoComplete="off"
          value={value.phone}
          error={reason('phone')}
          onChange={(e) => onChange({ ...value, phone: e.currentTarget.value })}
        />
        <TextInput
          id={`${idPrefix}-email`}
          label={t('contact.email')}
          type="email"
          autoComplete="off"
          value={value.email}
          error={reason('email')}
          onChange={(e) => onChange({ ...value, email: e.currentTarget.value })}
        />
        <Select
          id={`${idPrefix}-channel`}
          label={t('contact.channel')}
          data={[
            { value: 'email', label: t('contact.channel.email') },
            { value: 'sms', label: t('contact.channel.sms') },
          ]}
          value={value.preferredChannel}
          allowDeselect={false}
          error={reason('preferredChannel')}
          onChange={(v) => onChange({ ...value, preferredChannel: v === 'sms' ? 'sms' : 'email' })}
        />
        <Select
          id={`${idPrefix}-language`}
          label={t('contact.language')}
          data={[
            { value: 'en', label: t('contact.language.en') },
            { value: 'es', label: t('contact.language.es') },
          ]}
          value={value.preferredLanguage}
          allowDeselect={false}
          error={reason('preferredLanguage')}
          onChange={(v) => onChange({ ...value, preferredLanguage: v === 'es' ? 'es' : 'en' })}
        />
      </SimpleGrid>
      <Checkbox
        id={`${idPrefix}-consent`}
        label={t('contact.consent')}
        description={t('contact.consentHint')}
        checked={value.notificationConsent}
        error={reason('notificationConsent')}
        onChange={(e) => onChange({ ...value, notificationConsent: e.currentTarget.checked })}
      />
    </Stack>
  );
}
