import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '../../api/generated/scheduling.js';
import { data, scheduling } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { ErrorState } from '../../shell/States.js';
import { formatDayHours, parseDayHours } from './setup-values.js';

export type Hours = components['schemas']['LocatedOpeningHoursView'];
type Intervals = Hours['weeklyHours'][string];

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/**
 * The admin's opening hours and closed dates (scheduling's PUT /locations/{id}/hours, the whole new
 * state each time: a closed date added or removed sends the hours as saved with it).
 */
export function HoursEditor({ locationId, hours }: { locationId: string; hours: Hours }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [days, setDays] = useState<Record<string, string>>(() =>
    Object.fromEntries(WEEKDAYS.map((d) => [d, formatDayHours(hours.weeklyHours[d] ?? [])])),
  );
  const [invalid, setInvalid] = useState<string[]>([]);
  const [closure, setClosure] = useState('');
  const put = useMutation({
    mutationFn: (body: { weeklyHours: Record<string, Intervals>; closedDates: string[] }) =>
      data(scheduling.PUT('/locations/{locationId}/hours', { params: { path: { locationId } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['hours', locationId] }),
  });
  const saveHours = () => {
    const parsed = WEEKDAYS.map((d) => [d, parseDayHours(days[d] ?? '')] as const);
    const wrong = parsed.filter(([, v]) => !v).map(([d]) => d);
    setInvalid(wrong);
    if (wrong.length === 0)
      put.mutate({ weeklyHours: Object.fromEntries(parsed) as Record<string, Intervals>, closedDates: hours.closedDates });
  };

  return (
    <Stack gap="xs" data-testid="setup-hours">
      <Text size="sm">{t('setup.hours.explain', { zone: hours.timeZone })}</Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          saveHours();
        }}
      >
        <Stack gap={4}>
          {WEEKDAYS.map((d) => (
            <TextInput
              key={d}
              size="xs"
              label={t('setup.hours.day', { day: t(`weekday.${d}` as MessageKey) })}
              value={days[d] ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setDays((before) => ({ ...before, [d]: value }));
                put.reset();
              }}
              error={invalid.includes(d) ? t('setup.hours.invalid') : undefined}
            />
          ))}
          <Group>
            <Button size="xs" type="submit" loading={put.isPending}>
              {t('setup.hours.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Stack component="ul" gap={2} style={{ listStyle: 'none', padding: 0 }} data-testid="setup-closures">
        {hours.closedDates.length === 0 && (
          <Text component="li" size="sm">
            {t('setup.closedDates', { dates: t('setup.noClosedDates') })}
          </Text>
        )}
        {hours.closedDates.map((date) => (
          <Group component="li" key={date} gap="xs" data-closed={date}>
            <Text size="sm">{date}</Text>
            <Button
              size="xs"
              variant="default"
              onClick={() =>
                put.mutate({ weeklyHours: hours.weeklyHours, closedDates: hours.closedDates.filter((c) => c !== date) })
              }
            >
              {t('setup.closures.remove', { date })}
            </Button>
          </Group>
        ))}
      </Stack>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          put.mutate({ weeklyHours: hours.weeklyHours, closedDates: [...hours.closedDates, closure] });
          setClosure('');
        }}
      >
        <Group align="flex-end" gap="xs">
          <TextInput
            size="xs"
            type="date"
            required
            label={t('setup.closures.date')}
            value={closure}
            onChange={(e) => setClosure(e.currentTarget.value)}
          />
          <Button size="xs" type="submit" variant="default">
            {t('setup.closures.add')}
          </Button>
        </Group>
      </form>
      {put.error && <ErrorState error={put.error} />}
      {put.isSuccess && (
        <Text size="sm" role="status" data-testid="hours-saved">
          {t('setup.hours.saved')}
        </Text>
      )}
    </Stack>
  );
}
