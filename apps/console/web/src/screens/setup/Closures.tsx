import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { service } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { type AffectedAppointment, AffectedAppointments } from './AffectedAppointments.js';
import type { Names } from './Chairs.js';

/** Scheduling's closure (GET /locations/{id}/closures): a local date, and local times for part of a day. */
interface Closure {
  id: string;
  kind: 'holiday' | 'partial-day';
  date: string;
  from: string | null;
  to: string | null;
  reason: string;
}

/**
 * The location's closures not over yet, and adding one: a whole day (a holiday) or part of a day,
 * entered in the location's own date and times (scheduling turns them into instants in its zone).
 * The appointments in the closed time are listed; they get re-plan proposals on Today.
 */
export function Closures({ locationId, timeZone, names }: { locationId: string; timeZone: string; names: Names }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const key = ['closures', locationId];
  const closures = useQuery({
    queryKey: key,
    queryFn: () => service<Closure[]>('scheduling', `/locations/${locationId}/closures`),
  });
  const empty = { date: '', from: '', to: '', reason: '' };
  const [form, setForm] = useState(empty);
  const [invalid, setInvalid] = useState(false);
  const add = useMutation({
    mutationFn: () =>
      service<Closure & { affectedAppointments: AffectedAppointment[] }>('scheduling', `/locations/${locationId}/closures`, {
        method: 'POST',
        body: {
          date: form.date,
          ...(form.from ? { from: form.from } : {}),
          // A closure from a time with no end closes the rest of the day.
          ...(form.from ? { to: form.to || '24:00' } : {}),
          reason: form.reason.trim(),
        },
      }),
    onSuccess: () => {
      setForm(empty);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const describe = (c: Pick<Closure, 'date' | 'from' | 'to' | 'reason'>) =>
    c.from === null || c.to === null
      ? t('setup.closure.wholeDay', { date: c.date, reason: c.reason })
      : t('setup.closure.partDay', { date: c.date, from: c.from, to: c.to, reason: c.reason });
  return (
    <Stack gap="xs" data-testid="setup-closures">
      <Title order={3} size="h4">
        {t('setup.closure.title')}
      </Title>
      {closures.isPending && <Loading />}
      {closures.error && <ErrorState error={closures.error} retry={() => void closures.refetch()} />}
      {closures.data && closures.data.length === 0 && <Text size="sm">{t('setup.closure.none')}</Text>}
      {closures.data && closures.data.length > 0 && (
        <Stack component="ul" gap={2} style={{ margin: 0, paddingLeft: '1.2em' }}>
          {closures.data.map((c) => (
            <Text component="li" size="sm" key={c.id} data-closure={c.id} data-kind={c.kind}>
              {describe(c)}
            </Text>
          ))}
        </Stack>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // An end needs a start, and comes after it.
          const bad = (!form.from && !!form.to) || (!!form.from && !!form.to && form.to <= form.from);
          setInvalid(bad);
          if (!bad) add.mutate();
        }}
      >
        <Stack gap="xs">
          <Text size="sm">{t('setup.closure.explain', { zone: timeZone })}</Text>
          <Group align="flex-end" gap="xs">
            <TextInput
              size="xs"
              type="date"
              required
              label={t('setup.closure.date')}
              value={form.date}
              onChange={(e) => setForm({ ...form, date: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              type="time"
              label={t('setup.closure.from')}
              value={form.from}
              onChange={(e) => setForm({ ...form, from: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              type="time"
              label={t('setup.closure.to')}
              value={form.to}
              onChange={(e) => setForm({ ...form, to: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              required
              maxLength={500}
              label={t('setup.closure.reason')}
              value={form.reason}
              onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
            />
            <Button size="xs" type="submit" loading={add.isPending}>
              {t('setup.closure.add')}
            </Button>
          </Group>
          {invalid && (
            <Text size="sm" c="red.9" role="alert">
              {t('setup.closure.invalid')}
            </Text>
          )}
        </Stack>
      </form>
      {add.error && <ErrorState error={add.error} />}
      {add.data && (
        <AffectedAppointments
          what={describe(add.data)}
          appointments={add.data.affectedAppointments}
          timeZone={timeZone}
          testId="closure-added"
          {...names}
        />
      )}
    </Stack>
  );
}
