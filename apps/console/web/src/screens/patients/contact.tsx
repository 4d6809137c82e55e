import { Checkbox, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { ContactForm } from './contact-values.js';
import { useI18n } from '../../i18n/i18n.js';

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
  // Mantine's own hint and error colours are below AA contrast on white: darker shades, same words.
  const reason = (field: string) =>
    errors[field] ? (
      <Text span size="xs" c="red.9">
        {t('contact.refused', { reason: errors[field] })}
      </Text>
    ) : undefined;
  // Mantine writes the value of an input in error in the error colour, also below AA: kept in the text colour.
  const inputStyles = { input: { color: 'var(--mantine-color-black)' } };
  const hint = (text: string) => (
    <Text span size="xs" c="dark.7">
      {text}
    </Text>
  );
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <TextInput
          id={`${idPrefix}-phone`}
          styles={inputStyles}
          label={t('contact.phone')}
          description={hint(t('contact.phoneHint'))}
          type="tel"
          autoComplete="off"
          value={value.phone}
          error={reason('phone')}
          onChange={(e) => onChange({ ...value, phone: e.currentTarget.value })}
        />
        <TextInput
          id={`${idPrefix}-email`}
          styles={inputStyles}
          label={t('contact.email')}
          type="email"
          autoComplete="off"
          value={value.email}
          error={reason('email')}
          onChange={(e) => onChange({ ...value, email: e.currentTarget.value })}
        />
        <Select
          id={`${idPrefix}-channel`}
          styles={inputStyles}
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
          styles={inputStyles}
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
        description={hint(t('contact.consentHint'))}
        checked={value.notificationConsent}
        error={reason('notificationConsent')}
        onChange={(e) => onChange({ ...value, notificationConsent: e.currentTarget.checked })}
      />
    </Stack>
  );
}
