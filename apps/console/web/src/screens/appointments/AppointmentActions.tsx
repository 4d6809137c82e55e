import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client.js';
import type { components } from '../../api/generated/scheduling.js';
import { data, scheduling } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { Loading } from '../../shell/States.js';
import { endOfLocalDay, formatDateTime } from '../../time/zoned.js';

// What the Today board's appointment panel and the Book screen both do to an appointment: pick
// another ranked slot, cancel with a reason, and say a refusal as people read it.

export type Appointment = components['schemas']['AppointmentView'];
export type Slot = components['schemas']['SlotView'];
export type CancellationReason = components['schemas']['CancelAppointmentDto']['reason'];

export const CANCELLATION_REASONS: CancellationReason[] = ['patient_request', 'clinical', 'center', 'other'];
const DAY_MS = 24 * 3600_000;

/**
 * A refusal as people read it: a change by someone else says so and offers a reload; a lapsed hold
 * says when in the location's zone (the service's detail names a UTC instant); others say what the
 * service said, with the fields it named.
 */
export function ProblemAlert({
  error,
  reload,
  timeZone,
  testId = 'panel-problem',
}: {
  error: unknown;
  reload: () => void;
  timeZone?: string;
  testId?: string;
}) {
  const { t, locale } = useI18n();
  const problem = error instanceof ApiError ? error.problem : undefined;
  const type = problem?.type ?? '';
  const stale = /\/(version-mismatch|replan-stale)$/.test(type);
  const lapsedAt = (problem as { holdExpiresAt?: unknown } | undefined)?.holdExpiresAt;
  const message = stale
    ? t('app.error.conflict')
    : /\/hold-expired$/.test(type) && timeZone && typeof lapsedAt === 'string'
      ? t('book.hold.expired', { when: `${formatDateTime(lapsedAt, timeZone, locale)} (${timeZone})` })
      : problem?.status === 403
        ? t('app.error.forbidden')
        : error instanceof Error
          ? error.message
          : String(error);
  return (
    <Alert color="red" role="alert" title={t('app.error.title')} data-testid={testId} data-problem={problem?.type}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm" c="dark.9">
          {message}
        </Text>
        {(problem?.errors ?? []).map((f) => (
          <Text key={f.field} size="sm" c="dark.9">
            {f.field}: {f.reason}
          </Text>
        ))}
        <Button size="xs" variant="default" onClick={reload}>
          {t('today.panel.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}

/** Slots for the same patient and therapy, ranked by scheduling; picking one moves the appointment there. */
export function RescheduleSlots(props: {
  appointment: Appointment;
  timeZone: string;
  chairName: (id: string) => string;
  nurseName: (id: string) => string;
  onPick: (slot: Slot) => void;
  pending: boolean;
}) {
  const { t, locale } = useI18n();
  const { appointment: a, timeZone } = props;
  const [range, setRange] = useState('today');
  const [search, setSearch] = useState<{ from: string; to: string } | undefined>();
  const [picked, setPicked] = useState<Slot | undefined>();
  const slots = useQuery({
    queryKey: ['reschedule-slots', a.id, a.version, search],
    enabled: !!search,
    queryFn: () =>
      data(
        scheduling.GET('/locations/{locationId}/slots', {
          params: {
            path: { locationId: a.locationId },
            query: {
              ...(a.therapyId ? { therapyId: a.therapyId } : { therapyCode: a.therapyCode }),
              patientId: a.patientId,
              durationMinutes: a.durationMinutes,
              from: search!.from,
              to: search!.to,
              limit: 8,
            },
          },
        }),
      ),
  });
  return (
    <Stack gap="xs" component="section" aria-label={t('today.panel.reschedule')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const now = new Date();
          const to = range === 'today' ? endOfLocalDay(now, timeZone) : new Date(now.getTime() + 7 * DAY_MS);
          setSearch({ from: new Date(now.getTime() + 5 * 60_000).toISOString(), to: to.toISOString() });
        }}
      >
        <Group align="flex-end" gap="xs">
          <Select
            label={t('book.when')}
            data={[
              { value: 'today', label: t('book.when.today') },
              { value: 'week', label: t('book.when.week') },
            ]}
            value={range}
            onChange={(v) => v && setRange(v)}
            allowDeselect={false}
            w={160}
          />
          <Button type="submit" variant="default">
            {t('book.findSlots')}
          </Button>
        </Group>
      </form>
      {slots.isFetching && <Loading />}
      {slots.error && <ProblemAlert error={slots.error} reload={() => void slots.refetch()} />}
      {slots.data && slots.data.length === 0 && <Text size="sm">{t('book.noSlots')}</Text>}
      {slots.data && slots.data.length > 0 && (
        <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="reschedule-slots">
          {slots.data.map((slot) => {
            const text = `${formatDateTime(slot.start, timeZone, locale)} · ${props.chairName(slot.chairId)} · ${props.nurseName(slot.nurseId)}`;
            return (
              <li key={`${slot.start}-${slot.chairId}-${slot.nurseId}`} data-slot={slot.start}>
                <Button
                  size="xs"
                  variant="default"
                  fullWidth
                  justify="space-between"
                  onClick={() => {
                    setPicked(slot);
                    props.onPick(slot);
                  }}
                  loading={props.pending && picked === slot}
                  aria-label={t('today.panel.moveTo', { slot: text })}
                >
                  {text}
                </Button>
              </li>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}

export function CancelForm(props: { onCancel: (reason: CancellationReason) => void; pending: boolean }) {
  const { t } = useI18n();
  const [reason, setReason] = useState<CancellationReason | null>(null);
  return (
    <form
      aria-label={t('today.panel.cancel')}
      onSubmit={(event) => {
        event.preventDefault();
        if (reason) props.onCancel(reason);
      }}
    >
      <Group align="flex-end" gap="xs">
        <Select
          label={t('today.panel.reason')}
          data={CANCELLATION_REASONS.map((r) => ({ value: r, label: t(`today.panel.reason.${r}` as MessageKey) }))}
          value={reason}
          onChange={(v) => setReason(v as CancellationReason | null)}
          allowDeselect={false}
          required
          w={220}
        />
        <Button type="submit" color="red" disabled={!reason} loading={props.pending}>
          {t('today.panel.cancelConfirm')}
        </Button>
      </Group>
    </form>
  );
}
