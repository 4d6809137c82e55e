import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { data, notifications } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { parseLeadTimes } from './setup-values.js';

const KEY = ['notification-settings'];

/** How long before an appointment patients are reminded (admin, organisation-wide). */
export function ReminderSettings() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: KEY,
    queryFn: () => data(notifications.GET('/notification-settings')),
  });
  const [text, setText] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (hours: number[]) => data(notifications.PUT('/notification-settings', { body: { reminderOffsetsHours: hours } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      setText(null);
    },
  });
  const current = [...(settings.data?.reminderOffsetsHours ?? [])].sort((a, b) => b - a);
  const shown = text ?? current.join(', ');

  return (
    <Stack gap="xs" data-testid="setup-reminders">
      <Title order={3} size="h4">
        {t('setup.reminders')}
      </Title>
      <Text size="sm">{t('setup.reminders.explain')}</Text>
      {settings.isPending && <Loading />}
      {settings.error && <ErrorState error={settings.error} retry={() => void settings.refetch()} />}
      {settings.data && (
        <>
          <Text size="sm" data-testid="reminders-current">
            {t('setup.reminders.current', {
              hours:
                current.length === 0
                  ? t('setup.reminders.none')
                  : current.map((h) => t('setup.reminders.hours', { hours: h })).join(', '),
            })}
          </Text>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const hours = parseLeadTimes(shown);
              setInvalid(!hours);
              if (hours) save.mutate(hours);
            }}
          >
            <Group align="flex-end" gap="xs">
              <TextInput
                label={t('setup.reminders.input')}
                value={shown}
                onChange={(e) => {
                  setText(e.currentTarget.value);
                  save.reset();
                }}
                error={invalid ? t('setup.reminders.invalid') : undefined}
                w={360}
              />
              <Button type="submit" loading={save.isPending}>
                {t('setup.reminders.save')}
              </Button>
            </Group>
          </form>
          {save.error && <ErrorState error={save.error} />}
          {save.isSuccess && (
            <Text size="sm" role="status" data-testid="reminders-saved">
              {t('setup.reminders.saved')}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
