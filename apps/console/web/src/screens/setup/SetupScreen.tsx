import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { service } from '../../api/client.js';
import { useSession } from '../../api/session.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatDateTime, localToInstant } from '../../time/zoned.js';
import { type Hours, HoursEditor } from './HoursEditor.js';
import { NurseShifts } from './NurseShifts.js';
import { AddShift, RegisterNurse } from './StaffForms.js';
import { ReminderSettings } from './ReminderSettings.js';
import { Therapies } from './Therapies.js';

interface Chair {
  id: string;
  label: string;
  kind: string;
}
interface Outage {
  id: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}
interface Nurse {
  id: string;
  displayName: string;
  capacity: number;
  certifications: string[];
}

const CHAIR_KINDS = ['recliner', 'bed', 'private_room'] as const;

/** Scheduling lets only the admin add chairs and schedule outages; the charge nurse brings a chair back and makes sick calls. */
function useIsAdmin(): boolean {
  return useSession().data?.user.roles.includes('admin') ?? false;
}

function ChairOutages({ chair, timeZone }: { chair: Chair; timeZone: string }) {
  const { t, locale } = useI18n();
  const { location } = useCurrentLocation();
  const queryClient = useQueryClient();
  const isAdmin = useIsAdmin();
  const key = ['outages', chair.id];
  const base = `/locations/${location!.id}/chairs/${chair.id}/outages`;
  const outages = useQuery({ queryKey: key, queryFn: () => service<Outage[]>('scheduling', base) });
  const [form, setForm] = useState({ startsAt: '', endsAt: '', reason: '' });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  const schedule = useMutation({
    mutationFn: () =>
      service('scheduling', base, {
        method: 'POST',
        body: {
          startsAt: localToInstant(form.startsAt, timeZone),
          endsAt: localToInstant(form.endsAt, timeZone),
          reason: form.reason.trim(),
        },
      }),
    onSuccess: () => {
      setForm({ startsAt: '', endsAt: '', reason: '' });
      refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: (id: string) => service('scheduling', `${base}/${id}`, { method: 'DELETE', body: {} }),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs" data-chair={chair.id}>
      {outages.error && <ErrorState error={outages.error} />}
      {outages.data?.map((o) => (
        <Group key={o.id} data-outage={o.id} gap="xs">
          <Text size="sm">
            {t('setup.outage', {
              from: formatDateTime(o.startsAt, timeZone, locale),
              to: formatDateTime(o.endsAt, timeZone, locale),
              reason: o.reason,
            })}
          </Text>
          <Button size="xs" variant="default" onClick={() => cancel.mutate(o.id)} loading={cancel.isPending}>
            {t('setup.cancelOutage')}
          </Button>
        </Group>
      ))}
      {isAdmin && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            schedule.mutate();
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput
              size="xs"
              type="datetime-local"
              required
              label={t('setup.outageFrom', { chair: chair.label })}
              value={form.startsAt}
              onChange={(e) => setForm({ ...form, startsAt: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              type="datetime-local"
              required
              label={t('setup.outageTo', { chair: chair.label })}
              value={form.endsAt}
              onChange={(e) => setForm({ ...form, endsAt: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              required
              maxLength={500}
              label={t('setup.outageReason', { chair: chair.label })}
              value={form.reason}
              onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
            />
            <Button size="xs" type="submit" loading={schedule.isPending}>
              {t('setup.scheduleOutage')}
            </Button>
          </Group>
        </form>
      )}
      {(schedule.error ?? cancel.error) && <ErrorState error={schedule.error ?? cancel.error} />}
    </Stack>
  );
}

/** The location as set up: chairs and their outages, nurses and their shifts, opening hours and closures; the organisation's therapies and reminders (admin; the charge nurse's part: bringing chairs back, shift times, sick calls). */
export default function SetupScreen() {
  const { t } = useI18n();
  const { location } = useCurrentLocation();
  const queryClient = useQueryClient();
  const isAdmin = useIsAdmin();
  const id = location?.id;
  const chairs = useQuery({
    queryKey: ['chairs', id],
    queryFn: () => service<Chair[]>('scheduling', `/locations/${id}/chairs`),
    enabled: !!id,
  });
  const nurses = useQuery({
    queryKey: ['nurses', id],
    queryFn: () => service<Nurse[]>('scheduling', `/locations/${id}/nurses`),
    enabled: !!id,
  });
  const hours = useQuery({
    queryKey: ['hours', id],
    queryFn: () => service<Hours>('scheduling', `/locations/${id}/hours`),
    enabled: !!id,
  });
  const [chair, setChair] = useState<{ label: string; kind: (typeof CHAIR_KINDS)[number] }>({ label: '', kind: 'recliner' });
  const addChair = useMutation({
    mutationFn: () =>
      service('scheduling', `/locations/${id}/chairs`, { method: 'POST', body: { ...chair, label: chair.label.trim() } }),
    onSuccess: () => {
      setChair({ label: '', kind: 'recliner' });
      void queryClient.invalidateQueries({ queryKey: ['chairs', id] });
    },
  });
  if (!location) return null;
  const weekdays = ['1', '2', '3', '4', '5', '6', '7'];

  return (
    <Stack gap="md">
      <Title order={2}>{t('setup.title', { location: location.name })}</Title>
      <Text>{t('setup.zone', { zone: location.timeZone })}</Text>

      <Paper withBorder p="md" component="section" aria-label={t('setup.chairs')}>
        <Title order={3} size="h4">
          {t('setup.chairs')}
        </Title>
        {chairs.isPending && <Loading />}
        {chairs.error && <ErrorState error={chairs.error} retry={() => void chairs.refetch()} />}
        {chairs.data && (
          <Table mt="xs" data-testid="setup-chairs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('setup.chair')}</Table.Th>
                <Table.Th>{t('setup.kind')}</Table.Th>
                <Table.Th>{t('setup.outages')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {chairs.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td>{t(`chairKind.${c.kind}` as MessageKey)}</Table.Td>
                  <Table.Td>
                    <ChairOutages chair={c} timeZone={location.timeZone} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {isAdmin && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              addChair.mutate();
            }}
          >
            <Group align="flex-end" mt="sm">
              <TextInput
                required
                maxLength={100}
                label={t('setup.newChair')}
                value={chair.label}
                onChange={(e) => setChair({ ...chair, label: e.currentTarget.value })}
              />
              <NativeSelect
                label={t('setup.kind')}
                value={chair.kind}
                onChange={(e) => setChair({ ...chair, kind: e.currentTarget.value as (typeof CHAIR_KINDS)[number] })}
                data={CHAIR_KINDS.map((k) => ({ value: k, label: t(`chairKind.${k}` as MessageKey) }))}
              />
              <Button type="submit" loading={addChair.isPending}>
                {t('setup.addChair')}
              </Button>
            </Group>
            {addChair.error && <ErrorState error={addChair.error} />}
          </form>
        )}
      </Paper>

      <Paper withBorder p="md" component="section" aria-label={t('setup.shifts')}>
        <NurseShifts locationId={location.id} timeZone={location.timeZone} />
        {isAdmin && nurses.data && <AddShift locationId={location.id} timeZone={location.timeZone} nurses={nurses.data} />}
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" component="section" aria-label={t('setup.nurses')}>
          <Title order={3} size="h4">
            {t('setup.nurses')}
          </Title>
          {nurses.error && <ErrorState error={nurses.error} />}
          <Stack component="ul" gap={2} mt="xs" style={{ listStyle: 'none', padding: 0 }}>
            {nurses.data?.map((n) => (
              <Text component="li" size="sm" key={n.id}>
                {t('setup.nurse', { name: n.displayName, capacity: n.capacity })}
              </Text>
            ))}
          </Stack>
          {isAdmin && <RegisterNurse locationId={location.id} />}
        </Paper>
        <Paper withBorder p="md" component="section" aria-label={t('setup.hours')}>
          <Title order={3} size="h4">
            {t('setup.hours')}
          </Title>
          {hours.error && <ErrorState error={hours.error} />}
          {hours.data && isAdmin && <HoursEditor locationId={location.id} hours={hours.data} />}
          {hours.data && !isAdmin && (
            <Stack component="ul" gap={2} mt="xs" style={{ listStyle: 'none', padding: 0 }} data-testid="setup-hours">
              {weekdays.map((d) => (
                <Text component="li" size="sm" key={d}>
                  {t(`weekday.${d}` as MessageKey)}:{' '}
                  {(hours.data.weeklyHours[d] ?? []).map((h) => `${h.opens}–${h.closes}`).join(', ') || t('setup.closed')}
                </Text>
              ))}
              <Text component="li" size="sm">
                {t('setup.closedDates', { dates: hours.data.closedDates.join(', ') || t('setup.noClosedDates') })}
              </Text>
            </Stack>
          )}
        </Paper>
      </SimpleGrid>

      {isAdmin && (
        <>
          <Paper withBorder p="md" component="section" aria-label={t('setup.therapies')}>
            <Therapies />
          </Paper>
          <Paper withBorder p="md" component="section" aria-label={t('setup.reminders')}>
            <ReminderSettings />
          </Paper>
        </>
      )}
    </Stack>
  );
}
