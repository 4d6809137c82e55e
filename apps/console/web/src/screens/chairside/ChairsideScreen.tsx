import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
// The alert ranges the sessions service applies (libs/domain), shown to the nurse as they type.
import { VITAL_MEASURES, VITALS, type VitalMeasure } from '../../../../../../libs/domain/src/vitals.js';
import { api } from '../../api/client.js';
import { data, sessions as sessionsApi } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatTime, localDate } from '../../time/zoned.js';
import type { BoardSession, ComposedDayBoard } from '../today/board.js';
import { useLiveUpdates } from '../today/use-live-updates.js';

const DONE = new Set(['discharged', 'no_show', 'cancelled']);
/** Steps a nurse takes with one touch; the others need details (their forms come next). */
const ONE_TOUCH = {
  'check-in': 'check-in',
  seat: 'seat',
  'drug-ready': 'drug-ready',
  start: 'start',
  resume: 'resume',
  complete: 'complete',
} as const;
type OneTouch = keyof typeof ONE_TOUCH;

function outOfRange(measure: VitalMeasure, value: number | undefined): boolean {
  if (value === undefined) return false;
  const { low, high } = VITALS[measure].alert;
  return (low !== undefined && value < low) || (high !== undefined && value > high);
}

/** The infusion nurse at the chair (a tablet, 1024×768, touch): today's patients, the next steps, vital signs. */
export function ChairsideScreen() {
  const { t, locale, has } = useI18n();
  const { location } = useCurrentLocation();
  const queryClient = useQueryClient();
  const date = location ? localDate(new Date(), location.timeZone) : '';
  const boardKey = ['board', location?.id, date] as const;
  const board = useQuery({
    queryKey: boardKey,
    queryFn: () => api<ComposedDayBoard>(`/api/board/${location!.id}?date=${date}`),
    enabled: !!location,
  });
  useLiveUpdates(location?.id, boardKey);
  const [selected, setSelected] = useState<string | undefined>();
  const [vitals, setVitals] = useState<Partial<Record<VitalMeasure, number>>>({});

  const step = useMutation({
    mutationFn: ({ session, kind }: { session: BoardSession; kind: OneTouch }) =>
      api(`/api/services/sessions/locations/${location!.id}/sessions/${session.appointmentId}/${ONE_TOUCH[kind]}`, {
        method: 'POST',
        body: {},
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: boardKey }),
  });
  const record = useMutation({
    mutationFn: (session: BoardSession) =>
      data(
        sessionsApi.POST('/locations/{locationId}/sessions/{appointmentId}/vitals', {
          params: { path: { locationId: location!.id, appointmentId: session.appointmentId } },
          body: vitals,
        }),
      ),
    onSuccess: () => {
      setVitals({});
      void queryClient.invalidateQueries({ queryKey: boardKey });
    },
  });

  if (!location) return null;
  if (board.isPending) return <Loading />;
  if (board.error) return <ErrorState error={board.error} retry={() => void board.refetch()} />;
  const { timeZone } = board.data.location;
  const label = (key: string): string => (has(key) ? t(key) : key);
  const chairs = new Map(board.data.board.chairs.map((c) => [c.chairId, c.label]));
  const mine = board.data.board.sessions.filter((s) => !DONE.has(s.status));
  const current = mine.find((s) => s.appointmentId === selected);
  const patientOf = (s: BoardSession) => board.data.patients[s.patientId] ?? t('today.patient', { ref: s.patientId.slice(0, 8) });
  const nextSteps = (current?.allowedNext ?? []).filter((k): k is OneTouch => k in ONE_TOUCH);
  const alerts = VITAL_MEASURES.filter((m) => outOfRange(m, vitals[m]));

  return (
    <Stack gap="md">
      <Title order={2}>{t('chairside.title', { location: board.data.location.name })}</Title>
      {mine.length === 0 && <Text>{t('chairside.none')}</Text>}
      <SimpleGrid
        component="ul"
        cols={{ base: 2, md: 3 }}
        aria-label={t('chairside.patients')}
        style={{ listStyle: 'none', padding: 0 }}
      >
        {mine.map((s) => (
          <li key={s.appointmentId}>
            <UnstyledButton
              w="100%"
              onClick={() => setSelected(s.appointmentId)}
              aria-pressed={s.appointmentId === selected}
              data-appointment={s.appointmentId}
              p="md"
              style={{
                border: `2px solid var(--mantine-color-${s.appointmentId === selected ? 'indigo-8' : 'gray-4'})`,
                borderRadius: 8,
                minHeight: 88,
              }}
            >
              <Text fw={700}>{patientOf(s)}</Text>
              <Text size="sm">
                {label(`therapy.${s.therapyCode}`)} · {chairs.get(s.chairId) ?? ''} ·{' '}
                {formatTime(s.plannedStartsAt, timeZone, locale)}
              </Text>
              <Text size="sm" data-testid="chairside-status">
                {label(`status.${s.status}`)}
              </Text>
            </UnstyledButton>
          </li>
        ))}
      </SimpleGrid>

      {current && (
        <Paper withBorder p="md" component="section" aria-label={t('chairside.selected', { patient: patientOf(current) })}>
          <Title order={3} size="h4">
            {t('chairside.next')}
          </Title>
          <Group gap="md" mt="sm">
            {nextSteps.map((kind) => (
              <Button key={kind} size="xl" onClick={() => step.mutate({ session: current, kind })} loading={step.isPending}>
                {t(`chairside.step.${kind}` as MessageKey)}
              </Button>
            ))}
            {nextSteps.length === 0 && <Text>{t('chairside.noStep')}</Text>}
          </Group>
          {step.error && <ErrorState error={step.error} />}

          <Title order={3} size="h4" mt="lg">
            {t('chairside.vitals')}
          </Title>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              record.mutate(current);
            }}
          >
            <SimpleGrid cols={{ base: 2, md: 4 }} mt="sm">
              {VITAL_MEASURES.map((measure) => {
                const { alert, unit } = VITALS[measure];
                const shownUnit = unit
                  .replace(/[{}]/g, '')
                  .replace(/^score$/, '')
                  .replace(/^Cel$/, '°C');
                const range =
                  alert.low !== undefined && alert.high !== undefined
                    ? t('chairside.range', { low: alert.low, high: alert.high, unit: shownUnit })
                    : alert.low !== undefined
                      ? t('chairside.rangeLow', { low: alert.low, unit: shownUnit })
                      : t('chairside.rangeHigh', { high: alert.high ?? '', unit: shownUnit });
                const high = outOfRange(measure, vitals[measure]);
                return (
                  <NumberInput
                    key={measure}
                    label={t(`vital.${measure}` as MessageKey)}
                    description={range}
                    value={vitals[measure] ?? ''}
                    onChange={(value) => setVitals((v) => ({ ...v, [measure]: typeof value === 'number' ? value : undefined }))}
                    error={high ? t('chairside.outOfRange') : undefined}
                    decimalScale={measure === 'temperatureC' ? 1 : 0}
                    size="lg"
                    data-measure={measure}
                    // Text at AA contrast: the description and the error in dark shades, the value in black.
                    styles={{
                      description: { color: 'var(--mantine-color-dark-7)' },
                      error: { color: 'var(--mantine-color-red-9)' },
                      input: { color: 'var(--mantine-color-black)' },
                    }}
                  />
                );
              })}
            </SimpleGrid>
            {alerts.length > 0 && (
              <Alert color="red" mt="sm" role="alert" data-testid="vitals-alert">
                <Text c="dark.9">
                  {t('chairside.alert', { measures: alerts.map((m) => t(`vital.${m}` as MessageKey)).join(', ') })}
                </Text>
              </Alert>
            )}
            <Button type="submit" size="xl" mt="md" loading={record.isPending} disabled={Object.keys(vitals).length === 0}>
              {t('chairside.recordVitals')}
            </Button>
            {record.isSuccess && (
              <Text mt="sm" role="status" data-testid="vitals-recorded">
                {t('chairside.vitalsRecorded')}
              </Text>
            )}
            {record.error && <ErrorState error={record.error} />}
          </form>
        </Paper>
      )}
    </Stack>
  );
}
