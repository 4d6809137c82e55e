import { Alert, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, service } from '../../api/client.js';
import { data, scheduling } from '../../api/typed.js';
import type { components } from '../../api/generated/scheduling.js';
import { useI18n } from '../../i18n/i18n.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState } from '../../shell/States.js';
import { endOfLocalDay, formatDateTime, zoneAbbreviation } from '../../time/zoned.js';

export const THERAPY_CODES = [
  'biologics',
  'chemotherapy',
  'hydration',
  'immune_globulin',
  'immunotherapy',
  'iron',
  'iv_antibiotics',
  'steroids',
  'therapeutic_phlebotomy',
] as const;

type TherapyCode = (typeof THERAPY_CODES)[number];
type Slot = components['schemas']['SlotView'];

const DAY_MS = 24 * 3600_000;

/**
 * The scheduler's Book screen: a patient (registered here; finding an existing one waits for the
 * patient search API), a therapy, the slots ranked by scheduling (level load first), and book.
 */
export function BookScreen() {
  const { t, locale } = useI18n();
  const { location } = useCurrentLocation();
  const [patient, setPatient] = useState<{ id: string; name: string } | undefined>();
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [therapy, setTherapy] = useState<TherapyCode | null>(null);
  const [range, setRange] = useState<string>('today');
  const [search, setSearch] = useState<{ from: string; to: string } | undefined>();

  const register = useMutation({
    // Its answer is not described in scheduling's OpenAPI document yet.
    mutationFn: () =>
      service<{ id: string }>('scheduling', '/patients', { method: 'POST', body: { givenName, familyName, dateOfBirth } }),
    onSuccess: ({ id }) => setPatient({ id, name: `${givenName} ${familyName}` }),
  });
  const resources = useQuery({
    queryKey: ['resources', location?.id],
    enabled: !!location,
    queryFn: async () => {
      const [chairs, nurses] = await Promise.all([
        data(scheduling.GET('/locations/{locationId}/chairs', { params: { path: { locationId: location!.id } } })),
        // Its answer is not described in scheduling's OpenAPI document yet.
        service<Array<{ id: string; displayName: string }>>('scheduling', `/locations/${location!.id}/nurses`),
      ]);
      return {
        chairs: new Map(chairs.map((c) => [c.id, c.label])),
        nurses: new Map(nurses.map((n) => [n.id, n.displayName])),
      };
    },
  });
  const slots = useQuery({
    queryKey: ['slots', location?.id, patient?.id, therapy, search],
    enabled: !!location && !!patient && !!therapy && !!search,
    queryFn: () =>
      data(
        scheduling.GET('/locations/{locationId}/slots', {
          params: {
            path: { locationId: location!.id },
            query: { therapyCode: therapy!, patientId: patient!.id, from: search!.from, to: search!.to, limit: 10 },
          },
        }),
      ),
  });
  const book = useMutation({
    mutationFn: (slot: Slot) =>
      data(
        scheduling.POST('/locations/{locationId}/appointments', {
          params: { path: { locationId: location!.id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: { patientId: patient!.id, therapyCode: therapy!, startsAt: slot.start },
        }),
      ),
  });

  if (!location) return null;
  const zone = `${location.timeZone} (${zoneAbbreviation(new Date(), location.timeZone, locale)})`;
  const findSlots = (event: FormEvent) => {
    event.preventDefault();
    const now = new Date();
    const to = range === 'today' ? endOfLocalDay(now, location.timeZone) : new Date(now.getTime() + 7 * DAY_MS);
    setSearch({ from: new Date(now.getTime() + 5 * 60_000).toISOString(), to: to.toISOString() });
    book.reset();
  };

  return (
    <Stack gap="md" maw={900}>
      <Title order={2}>{t('book.title', { location: location.name })}</Title>
      <Text size="sm">{t('today.timezone', { zone })}</Text>

      <Paper withBorder p="md" component="section" aria-labelledby="book-patient">
        <Title order={3} size="h4" id="book-patient">
          {t('book.patient')}
        </Title>
        {patient ? (
          <Group justify="space-between">
            <Text data-testid="book-patient">{t('book.patientChosen', { name: patient.name })}</Text>
            <Button variant="default" size="xs" onClick={() => setPatient(undefined)}>
              {t('book.changePatient')}
            </Button>
          </Group>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              register.mutate();
            }}
          >
            <Text size="sm" mb="xs">
              {t('book.registerHint')}
            </Text>
            <Group align="flex-end">
              <TextInput
                label={t('book.givenName')}
                value={givenName}
                onChange={(e) => setGivenName(e.currentTarget.value)}
                required
              />
              <TextInput
                label={t('book.familyName')}
                value={familyName}
                onChange={(e) => setFamilyName(e.currentTarget.value)}
                required
              />
              <TextInput
                label={t('book.dateOfBirth')}
                type="date"
                value={dateOfBirth}
                onChange={(e) => setDateOfBirth(e.currentTarget.value)}
                required
              />
              <Button type="submit" loading={register.isPending}>
                {t('book.register')}
              </Button>
            </Group>
            {register.error && <ProblemText error={register.error} />}
          </form>
        )}
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="book-slot">
        <Title order={3} size="h4" id="book-slot">
          {t('book.slot')}
        </Title>
        <form onSubmit={findSlots}>
          <Group align="flex-end">
            <Select
              label={t('book.therapy')}
              data={THERAPY_CODES.map((code) => ({ value: code, label: t(`therapy.${code}`) }))}
              value={therapy}
              onChange={(value) => setTherapy(value as TherapyCode | null)}
              required
              searchable
              data-testid="book-therapy"
            />
            <Select
              label={t('book.when')}
              data={[
                { value: 'today', label: t('book.when.today') },
                { value: 'week', label: t('book.when.week') },
              ]}
              value={range}
              onChange={(v) => v && setRange(v)}
              allowDeselect={false}
            />
            <Button type="submit" disabled={!patient || !therapy}>
              {t('book.findSlots')}
            </Button>
          </Group>
        </form>
        {slots.error && <ErrorState error={slots.error} retry={() => void slots.refetch()} />}
        {slots.data && slots.data.length === 0 && <Text mt="sm">{t('book.noSlots')}</Text>}
        {slots.data && slots.data.length > 0 && (
          <Table mt="sm" data-testid="slots" highlightOnHover>
            <Table.Caption style={{ color: 'var(--mantine-color-black)' }}>{t('book.ranked')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('book.rank')}</Table.Th>
                <Table.Th>{t('book.start')}</Table.Th>
                <Table.Th>{t('today.chair')}</Table.Th>
                <Table.Th>{t('book.nurse')}</Table.Th>
                <Table.Th>{t('book.score')}</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">{t('book.action')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {slots.data.map((slot, i) => (
                <Table.Tr key={`${slot.start}-${slot.chairId}-${slot.nurseId}`}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>
                    {formatDateTime(slot.start, location.timeZone, locale)}–
                    {formatDateTime(slot.end, location.timeZone, locale).slice(-5)}
                  </Table.Td>
                  <Table.Td>{resources.data?.chairs.get(slot.chairId) ?? slot.chairId.slice(0, 8)}</Table.Td>
                  <Table.Td>{resources.data?.nurses.get(slot.nurseId) ?? slot.nurseId.slice(0, 8)}</Table.Td>
                  <Table.Td>{slot.score.toFixed(2)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      onClick={() => book.mutate(slot)}
                      loading={book.isPending && book.variables === slot}
                      disabled={book.isSuccess}
                    >
                      {t('book.book')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {book.error && <ProblemText error={book.error} />}
        {book.data && (
          <Alert color="green" mt="sm" role="status" data-testid="booked" data-appointment={book.data.id}>
            <Text c="dark.9">
              {t('book.booked', { when: `${formatDateTime(book.data.startsAt, location.timeZone, locale)} ${zone}` })}
            </Text>
          </Alert>
        )}
      </Paper>
    </Stack>
  );
}

function ProblemText({ error }: { error: unknown }) {
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <Alert color="red" mt="sm" role="alert">
      <Text c="dark.9">{error instanceof Error ? error.message : String(error)}</Text>
      {fields.map((f) => (
        <Text key={f.field} size="sm" c="dark.9">
          {f.field}: {f.reason}
        </Text>
      ))}
    </Alert>
  );
}
