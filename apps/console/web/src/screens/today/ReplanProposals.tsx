import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, service } from '../../api/client.js';
import { useSession } from '../../api/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState } from '../../shell/States.js';
import { formatTime } from '../../time/zoned.js';

/** One open proposal as scheduling lists it (GET /locations/{id}/replans, apps/scheduling/src/replans). */
export interface ReplanProposal {
  proposalId: string;
  version: number;
  appointmentId: string;
  patientId: string;
  therapyCode: string;
  /** A therapy the organisation defined, or null (then therapyCode names it). */
  therapyId?: string | null;
  cause: string;
  current: { startsAt: string; chairLabel: string; nurseName: string };
  proposed: { startsAt: string; chairLabel: string; nurseName: string };
  delayMinutes: number;
}

interface ReplanDay {
  proposals: ReplanProposal[];
}

/** Who may apply (scheduling's roles for POST …/replans/apply); a scheduler reads them only. */
const MAY_APPLY = ['admin', 'charge-nurse'];

export const replansKey = (locationId: string | undefined, date: string) => ['replans', locationId, date] as const;

/**
 * The day's re-plan proposals on the Today board: what an overrun or a sick call disturbed and the
 * move scheduling proposes, applied one at a time or all together (all or nothing). A proposal
 * someone else changed meanwhile is refused (409 replan-stale) and said so, with a reload.
 */
export function ReplanProposals(props: {
  locationId: string;
  date: string;
  timeZone: string;
  patientName: (patientId: string) => string;
  therapyName: (code: string) => string;
}) {
  const { t, locale, has } = useI18n();
  const session = useSession();
  const queryClient = useQueryClient();
  const key = replansKey(props.locationId, props.date);
  const replans = useQuery({
    queryKey: key,
    queryFn: () => service<ReplanDay>('scheduling', `/locations/${props.locationId}/replans?date=${props.date}`),
  });
  const apply = useMutation({
    mutationFn: (proposals: ReplanProposal[]) =>
      service('scheduling', `/locations/${props.locationId}/replans/apply`, {
        method: 'POST',
        body: { proposals: proposals.map((p) => ({ proposalId: p.proposalId, version: p.version })) },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: ['board', props.locationId] });
    },
  });
  const mayApply = session.data?.user.roles.some((r) => MAY_APPLY.includes(r)) ?? false;
  const reload = () => {
    apply.reset();
    void replans.refetch();
  };
  // Nothing to say when there is nothing to re-plan (or the role may not read them).
  if (replans.error instanceof ApiError && replans.error.status === 403) return null;
  if (!replans.data || replans.data.proposals.length === 0) return null;
  const proposals = replans.data.proposals;
  const time = (instant: string) => formatTime(instant, props.timeZone, locale);
  const cause = (code: string) => {
    const key = `today.replans.cause.${code}`;
    return has(key) ? t(key) : code;
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="replans-title" data-testid="replans">
      <Group justify="space-between">
        <Title order={3} size="h4" id="replans-title">
          {t('today.replans.title', { count: proposals.length })}
        </Title>
        {mayApply && proposals.length > 1 && (
          <Button size="sm" onClick={() => apply.mutate(proposals)} loading={apply.isPending}>
            {t('today.replans.applyAll', { count: proposals.length })}
          </Button>
        )}
      </Group>
      {apply.error && <ErrorState error={apply.error} retry={reload} />}
      <Stack component="ul" gap="xs" mt="xs" style={{ listStyle: 'none', padding: 0 }}>
        {proposals.map((p) => (
          <li key={p.proposalId} data-proposal={p.proposalId} data-appointment={p.appointmentId}>
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={0}>
                <Text fw={600} size="sm">
                  {props.patientName(p.patientId)} · {props.therapyName(p.therapyId ?? p.therapyCode)}{' '}
                  <Badge variant="outline" color="dark" size="sm">
                    {cause(p.cause)}
                  </Badge>
                </Text>
                <Text size="sm">
                  {t('today.replans.move', {
                    from: time(p.current.startsAt),
                    fromChair: p.current.chairLabel,
                    fromNurse: p.current.nurseName,
                    to: time(p.proposed.startsAt),
                    toChair: p.proposed.chairLabel,
                    toNurse: p.proposed.nurseName,
                  })}
                  {' · '}
                  {p.delayMinutes > 0 ? t('today.replans.delay', { minutes: p.delayMinutes }) : t('today.replans.onTime')}
                </Text>
              </Stack>
              {mayApply && (
                <Button
                  size="sm"
                  variant="default"
                  onClick={() => apply.mutate([p])}
                  loading={apply.isPending}
                  aria-label={t('today.replans.applyOne', { patient: props.patientName(p.patientId) })}
                >
                  {t('today.replans.apply')}
                </Button>
              )}
            </Group>
          </li>
        ))}
      </Stack>
    </Paper>
  );
}
