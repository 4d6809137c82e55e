import { Alert, Badge, Button, Group, NativeSelect, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, service } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatDateTime, localToInstant } from '../../time/zoned.js';

/** Scheduling's plan with every dose and its state (GET /locations/{id}/treatment-plans/{planId}). */
interface PlanView {
  id: string;
  status: 'active' | 'cancelled';
  version: number;
  intervalDays: number;
  series: Array<{
    dose: number;
    state: string;
    appointmentId: string | null;
    startsAt: string | null;
    targetStartsAt?: string;
    reason?: string;
  }>;
}

/** Why a plan is cancelled: scheduling's cancellation reasons. */
const CANCELLATION_REASONS = ['patient_request', 'clinical', 'center', 'other'] as const;

/** Doses still to come or never placed: what a reschedule moves and a cancel cancels. */
const REMAINING = new Set(['pending', 'held', 'booked', 'confirmed']);

/**
 * A 409 `dose-unavailable` (the reschedule is all or none): which dose could not go, when, in the
 * location's zone, and that nothing moved. Other problems as everywhere else.
 */
function PlanProblem({ error, timeZone, retry }: { error: unknown; timeZone: string; retry: () => void }) {
  const { t, locale } = useI18n();
  if (error instanceof ApiError && error.status === 409 && error.problem.type?.endsWith('/dose-unavailable')) {
    const problem = error.problem as { dose?: number; startsAt?: string; reason?: string };
    return (
      <Alert color="red" title={t('plan.doseUnavailable.title')} role="alert" data-testid="plan-dose-unavailable">
        {t('plan.doseUnavailable', {
          dose: problem.dose ?? '?',
          time: problem.startsAt ? formatDateTime(problem.startsAt, timeZone, locale) : '?',
          reason: problem.reason ?? '',
        })}
      </Alert>
    );
  }
  return <ErrorState error={error} retry={retry} />;
}

/**
 * One treatment plan on the patient's record: its doses with their state in the location's zone;
 * moving every remaining dose (all or none) and cancelling the plan, each with the version read
 * (If-Match), for the scheduler and the admin.
 */
export function TreatmentPlan({
  planId,
  locationId,
  timeZone,
  summary,
  onChanged,
}: {
  planId: string;
  locationId: string;
  timeZone: string;
  summary: string;
  onChanged: () => void;
}) {
  const { t, has, locale } = useI18n();
  const queryClient = useQueryClient();
  const key = ['treatment-plan', planId];
  const base = `/locations/${locationId}/treatment-plans/${planId}`;
  const [open, setOpen] = useState(false);
  const plan = useQuery({ queryKey: key, queryFn: () => service<PlanView>('scheduling', base), enabled: open });
  const [move, setMove] = useState<{ firstStartsAt: string; intervalDays: number | '' }>({ firstStartsAt: '', intervalDays: '' });
  const [reason, setReason] = useState<(typeof CANCELLATION_REASONS)[number]>('patient_request');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    onChanged();
  };
  const reschedule = useMutation({
    mutationFn: (version: number) =>
      service<PlanView>('scheduling', `${base}/reschedule`, {
        method: 'POST',
        headers: { 'if-match': `"${version}"` },
        body: {
          firstStartsAt: localToInstant(move.firstStartsAt, timeZone),
          ...(move.intervalDays !== '' ? { intervalDays: move.intervalDays } : {}),
        },
      }),
    onSuccess: refresh,
  });
  const cancel = useMutation({
    mutationFn: (version: number) =>
      service<{ cancelledAppointmentIds: string[] }>('scheduling', `${base}/cancel`, {
        method: 'POST',
        headers: { 'if-match': `"${version}"` },
        body: { reason },
      }),
    onSuccess: refresh,
  });
  const state = (s: string) => {
    const label = `plan.state.${s}`;
    return has(label) ? t(label) : s;
  };
  const data = plan.data;
  const remaining = data?.series.filter((d) => REMAINING.has(d.state)).length ?? 0;

  return (
    <Stack gap="xs" data-plan={planId}>
      <Group gap="xs">
        <Text size="sm">{summary}</Text>
        <Button size="xs" variant="default" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('plan.hide') : t('plan.show')}
        </Button>
      </Group>
      {open && plan.isPending && <Loading />}
      {open && plan.error && <ErrorState error={plan.error} retry={() => void plan.refetch()} />}
      {open && data && (
        <Stack gap="xs" pl="md">
          <Text size="sm" data-testid="plan-status">
            {t('plan.status', {
              status: data.status === 'active' ? t('plan.active') : t('plan.cancelled'),
              version: data.version,
              zone: timeZone,
            })}
          </Text>
          <Table data-testid="plan-doses">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plan.dose')}</Table.Th>
                <Table.Th>{t('plan.state')}</Table.Th>
                <Table.Th>{t('plan.when', { zone: timeZone })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.series.map((d) => (
                <Table.Tr key={d.dose} data-dose={d.dose} data-state={d.state}>
                  <Table.Td>{d.dose}</Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color="dark.7">
                      {state(d.state)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {d.startsAt
                      ? formatDateTime(d.startsAt, timeZone, locale)
                      : d.targetStartsAt
                        ? t('plan.notPlaced', {
                            time: formatDateTime(d.targetStartsAt, timeZone, locale),
                            reason: d.reason ?? '',
                          })
                        : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {data.status === 'active' && remaining > 0 && (
            <>
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  reschedule.mutate(data.version);
                }}
              >
                <Group align="flex-end" gap="xs">
                  <TextInput
                    size="xs"
                    type="datetime-local"
                    required
                    label={t('plan.firstStartsAt', { count: remaining })}
                    value={move.firstStartsAt}
                    onChange={(e) => setMove({ ...move, firstStartsAt: e.currentTarget.value })}
                  />
                  <NumberInput
                    size="xs"
                    min={1}
                    max={365}
                    allowDecimal={false}
                    label={t('plan.intervalDays', { days: data.intervalDays })}
                    value={move.intervalDays}
                    onChange={(v) => setMove({ ...move, intervalDays: typeof v === 'number' ? v : '' })}
                    w={220}
                  />
                  <Button size="xs" type="submit" loading={reschedule.isPending}>
                    {t('plan.reschedule')}
                  </Button>
                </Group>
              </form>
              {reschedule.error && <PlanProblem error={reschedule.error} timeZone={timeZone} retry={() => void plan.refetch()} />}
              {reschedule.isSuccess && (
                <Text size="sm" role="status" data-testid="plan-rescheduled">
                  {t('plan.rescheduled')}
                </Text>
              )}
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  cancel.mutate(data.version);
                }}
              >
                <Group align="flex-end" gap="xs">
                  <NativeSelect
                    size="xs"
                    label={t('plan.cancelReason')}
                    value={reason}
                    onChange={(e) => setReason(e.currentTarget.value as (typeof CANCELLATION_REASONS)[number])}
                    data={CANCELLATION_REASONS.map((r) => ({ value: r, label: t(`plan.cancelReason.${r}`) }))}
                  />
                  <Button size="xs" type="submit" color="red.8" loading={cancel.isPending}>
                    {t('plan.cancel')}
                  </Button>
                </Group>
              </form>
              {cancel.error && <ErrorState error={cancel.error} retry={() => void plan.refetch()} />}
            </>
          )}
          {cancel.data && (
            <Text size="sm" role="status" data-testid="plan-cancelled">
              {t('plan.cancelledDoses', { count: cancel.data.cancelledAppointmentIds.length })}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
