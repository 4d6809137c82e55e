import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, service } from '../../api/client.js';
import { useSession } from '../../api/session.js';
import { useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { screensFor } from '../../shell/screens.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatDateTime, localDate } from '../../time/zoned.js';
import { awaitingResent, messageSettled, messageStatusInterval, type MessageStatus, RESEND_POLL_MS } from './resend-status.js';

/** Scheduling's work queues (apps/scheduling/src/work-queues; no OpenAPI schema of their answers yet). */
interface QueueSummary {
  locationId: string;
  queues: Array<{ queue: string; open: number; more: boolean }>;
}
interface WorkItem {
  queue: string;
  subjectId: string;
  itemKey: string;
  since: string;
  detail: string | null;
  appointment: {
    id: string;
    startsAt: string;
    status: string;
    therapyCode: string;
    therapyId?: string | null;
    chairLabel: string;
    nurseName: string;
  };
  patient: { id: string; givenName: string; familyName: string; mrn: string; phone: string | null };
  outcomes: string[];
}
interface WorkItemPage {
  items: WorkItem[];
  nextOffset: number | null;
}
const itemId = (item: WorkItem) => `${item.subjectId}:${item.itemKey}`;
const patientOf = (item: WorkItem) => `${item.patient.familyName}, ${item.patient.givenName}`;

/** Notifications' answer to a resend (apps/notifications/src/messages/resend-message; no response schema in its OpenAPI). */
interface ResentMessage {
  id: string;
  appointmentId: string;
  channel: string;
  /** As the resend answered, then as notifications says while the card reads it again. */
  status: MessageStatus;
  resends: number;
  resentAt: string | null;
  resentNow: boolean;
}

/**
 * Resends a failed message (the item's subject is the message). The service answers at once; the
 * item itself closes only when the provider takes the message (`notifications.message.resent`), so
 * until then the card says it was resent. A refusal (409: the address bounced, STOP, too late…) is
 * shown with the service's own reason, which tells the scheduler to call the patient instead.
 */
function ResendAction({
  item,
  timeZone,
  resent,
  onResent,
  onDone,
}: {
  item: WorkItem;
  timeZone: string;
  resent: ResentMessage | undefined;
  onResent: (message: ResentMessage) => void;
  onDone: (announcement: string) => void;
}) {
  const { t, locale } = useI18n();
  const { location } = useCurrentLocation();
  const resend = useMutation({
    mutationFn: () =>
      service<ResentMessage>('notifications', `/locations/${location!.id}/messages/${item.subjectId}/resend`, {
        method: 'POST',
      }),
    onSuccess: (message) => {
      onResent(message);
      onDone(
        t(message.resentNow ? 'queues.done.resent' : 'queues.done.resentBefore', {
          patient: `${item.patient.givenName} ${item.patient.familyName}`,
        }),
      );
    },
  });
  const refusal = resend.error instanceof ApiError && resend.error.status < 500 ? resend.error.problem : undefined;
  // Once resent, notifications' status of the message, read again until it is final: a message
  // suppressed, cancelled or failed after the resend never leaves the queue, and must not be asked about for ever.
  const status = useQuery({
    queryKey: ['message-status', resent?.appointmentId, resent?.id],
    queryFn: async () => {
      const messages = await service<Array<{ id: string; status: MessageStatus }>>(
        'notifications',
        `/appointments/${resent!.appointmentId}/messages`,
      );
      // Newest first by due time, and a resent message is due now: on the first page. Not listed
      // (null) is nothing to wait for, so the reading stops.
      return messages.find((m) => m.id === resent!.id)?.status ?? null;
    },
    enabled: !!resent && !messageSettled(resent.status),
    refetchInterval: (query) => (query.state.data ? messageStatusInterval(query.state.data) : false),
  });
  useEffect(() => {
    if (resent && status.data && status.data !== resent.status) onResent({ ...resent, status: status.data });
  }, [resent, status.data, onResent]);
  const lapsed = resent && ['failed', 'cancelled', 'suppressed'].includes(resent.status);
  return (
    <>
      {!resent && (
        <Button
          onClick={() => resend.mutate()}
          loading={resend.isPending}
          aria-label={t('queues.resend.label', { patient: `${item.patient.givenName} ${item.patient.familyName}` })}
        >
          {t('queues.resend')}
        </Button>
      )}
      {resent && lapsed && (
        <Text size="sm" role="status" data-testid="resent" data-status={resent.status} fw={600}>
          {t(`queues.resent.${resent.status}` as MessageKey)}
        </Text>
      )}
      {resent && !lapsed && (
        <Text size="sm" role="status" data-testid="resent" data-status={resent.status} fw={600}>
          {t(resent.resentNow ? 'queues.resent.now' : 'queues.resent.before', {
            time: resent.resentAt ? formatDateTime(resent.resentAt, timeZone, locale) : '',
            channel: resent.channel === 'sms' ? t('queues.channel.sms') : t('queues.channel.email'),
          })}
        </Text>
      )}
      {refusal && (
        <Alert color="red" title={t('queues.resend.refused')} role="alert" w="100%" data-testid="resend-refused">
          <Text size="sm">
            {refusal.detail ?? refusal.title ?? t('queues.resend.refusedStatus', { status: String(refusal.status) })}
          </Text>
        </Alert>
      )}
      {resend.error && !refusal && <ErrorState error={resend.error} />}
    </>
  );
}

function ItemCard({
  item,
  timeZone,
  onResolved,
  onResendDone,
  resent,
  onResent,
}: {
  item: WorkItem;
  timeZone: string;
  onResolved: (outcome: string) => void;
  onResendDone: (announcement: string) => void;
  resent: ResentMessage | undefined;
  onResent: (message: ResentMessage) => void;
}) {
  const { t, locale, has } = useI18n();
  const { therapyName } = useTherapies();
  const { location } = useCurrentLocation();
  const session = useSession();
  // A charge nurse works the queues but does not open patient records (the Patients screen is the
  // scheduler's and admin's): no link she would follow to "Not available to you".
  const mayOpenRecords = session.data !== undefined && screensFor(session.data).some((s) => s.id === 'patients');
  // "Confirmed" confirms the appointment, which scheduling leaves to schedulers and admins.
  const mayConfirm = session.data?.user.roles.some((role) => role === 'scheduler' || role === 'admin') ?? false;
  const [note, setNote] = useState('');
  // One key per item as shown: a retried click resolves it once (the service answers the first result).
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const resolve = useMutation({
    mutationFn: (outcome: string) =>
      service('scheduling', `/locations/${location!.id}/work-queues/${item.queue}/items/${item.subjectId}/resolution`, {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey },
        body: { itemKey: item.itemKey, outcome, ...(note.trim() ? { note: note.trim() } : {}) },
      }),
    onSuccess: (_body, outcome) => onResolved(outcome),
  });
  const label = (key: string) => (has(key) ? t(key) : key);
  const patient = patientOf(item);
  // The Today board of the appointment's day (the location's), with its panel open.
  const onToday = `/today?${new URLSearchParams({
    date: localDate(new Date(item.appointment.startsAt), timeZone),
    appointment: item.appointment.id,
  }).toString()}`;
  return (
    <Paper withBorder p="md" component="li" data-item={item.subjectId}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          {/* Focusable from script only: where the focus goes when the item before it is done. */}
          <Title order={4} fz="md" tabIndex={-1} data-item-heading>
            {patient}
          </Title>
          <Text size="sm">
            {t('queues.mrn', { mrn: item.patient.mrn })}
            {item.patient.phone ? ` · ${item.patient.phone}` : ''}
          </Text>
          <Text size="sm">
            {formatDateTime(item.appointment.startsAt, timeZone, locale)} ·{' '}
            {therapyName(item.appointment.therapyId ?? item.appointment.therapyCode)} · {item.appointment.chairLabel} ·{' '}
            {item.appointment.nurseName} · {label(`status.${item.appointment.status}`)}
          </Text>
          <Text size="sm" c="dark.7">
            {t('queues.since', { time: formatDateTime(item.since, timeZone, locale) })}
            {item.detail ? ` · ${item.detail}` : ''}
          </Text>
        </Stack>
        <Group gap="md">
          <Anchor component={Link} to={onToday} aria-label={t('queues.openOnToday.label', { patient })} data-link="today">
            {t('queues.openOnToday')}
          </Anchor>
          {mayOpenRecords && (
            <Anchor
              component={Link}
              to={`/patients?${new URLSearchParams({ patient: item.patient.id }).toString()}`}
              aria-label={t('queues.patientRecord.label', { patient })}
              data-link="patient"
            >
              {t('queues.patientRecord')}
            </Anchor>
          )}
        </Group>
      </Group>
      <Group mt="sm" align="flex-end">
        <TextInput
          label={t('queues.note')}
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.currentTarget.value)}
          w={260}
        />
        {item.queue === 'failed-messages' && (
          <ResendAction item={item} timeZone={timeZone} resent={resent} onResent={onResent} onDone={onResendDone} />
        )}
        {item.outcomes
          .filter((outcome) => outcome !== 'confirmed' || mayConfirm)
          .map((outcome) => (
            <Button key={outcome} onClick={() => resolve.mutate(outcome)} loading={resolve.isPending} variant="default">
              {label(`queues.outcome.${outcome}`)}
            </Button>
          ))}
      </Group>
      {resolve.error && <ErrorState error={resolve.error} />}
    </Paper>
  );
}

/** The work queues of running a day at one location: what needs a call or a decision, each item resolved here. */
export default function QueuesScreen() {
  const { t, has } = useI18n();
  const { location } = useCurrentLocation();
  const queryClient = useQueryClient();
  const [queue, setQueue] = useState<string | undefined>();
  // Items whose message was resent from here (`subjectId:itemKey`): they stay until the provider
  // takes the message, then leave; a resend that fails again is a new item, with its own Resend.
  const [resent, setResent] = useState<Record<string, ResentMessage>>({});
  const summaryQuery = {
    queryKey: ['work-queues', location?.id],
    queryFn: () => service<QueueSummary>('scheduling', `/locations/${location!.id}/work-queues`),
  };
  const summary = useQuery({ ...summaryQuery, enabled: !!location });
  const open = queue ?? summary.data?.queues.find((q) => q.open > 0)?.queue ?? summary.data?.queues[0]?.queue;
  // While a listed item resent from here may still leave by itself (its message on its way, or taken
  // and about to be closed), the queue is asked again; not for a message suppressed or failed after the resend.
  const waitingFor = (list: readonly WorkItem[]) => awaitingResent(list, (i) => resent[itemId(i)]?.status);
  const items = useQuery({
    queryKey: ['work-queues', location?.id, open],
    queryFn: () => service<WorkItemPage>('scheduling', `/locations/${location!.id}/work-queues/${open}?limit=50`),
    enabled: !!location && !!open,
    refetchInterval: (query) => (waitingFor(query.state.data?.items ?? []) ? RESEND_POLL_MS : false),
  });
  const awaitingNow = waitingFor(items.data?.items ?? []);
  // The counts are asked again with it, as a second reader of the same query whose interval is this
  // render's value: a ref written in an effect reached the interval only at the render after.
  useQuery({ ...summaryQuery, enabled: !!location && awaitingNow, refetchInterval: awaitingNow ? RESEND_POLL_MS : false });
  const wasAwaiting = useRef(false);
  useEffect(() => {
    // The last resent item left (or its message settled): the count is asked once more, then no more.
    if (wasAwaiting.current && !awaitingNow)
      void queryClient.invalidateQueries({ queryKey: ['work-queues', location?.id], exact: true });
    wasAwaiting.current = awaitingNow;
  }, [awaitingNow, queryClient, location?.id]);
  const onResent = useCallback(
    (item: WorkItem, message: ResentMessage) => setResent((before) => ({ ...before, [itemId(item)]: message })),
    [],
  );
  // What was just done, said in a polite live region; and where the focus goes after it, since the
  // button used may be gone with its item: the item now at that place in the list, else the queue's heading.
  const [done, setDone] = useState('');
  const [focusAt, setFocusAt] = useState<number | undefined>();
  const queueHeadingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusAt === undefined) return;
    const headings = queueHeadingRef.current?.closest('section')?.querySelectorAll<HTMLElement>('[data-item-heading]');
    (headings?.[focusAt] ?? queueHeadingRef.current)?.focus();
    setFocusAt(undefined);
  }, [focusAt, items.data]);
  if (!location) return null;
  if (summary.isPending) return <Loading />;
  if (summary.error) return <ErrorState error={summary.error} retry={() => void summary.refetch()} />;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['work-queues', location.id] });
  const outcomeLabel = (outcome: string) => {
    const key = `queues.outcome.${outcome}`;
    return has(key) ? t(key) : outcome;
  };
  // The service closed the item: it leaves the list at once (read again behind it), the next one takes its place.
  const resolved = (item: WorkItem, index: number, outcome: string) => {
    queryClient.setQueryData<WorkItemPage>(
      ['work-queues', location.id, open],
      (page) => page && { ...page, items: page.items.filter((i) => itemId(i) !== itemId(item)) },
    );
    setDone(t('queues.done', { outcome: outcomeLabel(outcome), patient: patientOf(item) }));
    setFocusAt(index);
    refresh();
  };

  return (
    <Stack gap="md">
      <Title order={2}>{t('queues.title', { location: location.name })}</Title>
      <SimpleGrid
        component="ul"
        cols={{ base: 2, md: 3 }}
        aria-label={t('queues.list')}
        style={{ listStyle: 'none', padding: 0 }}
      >
        {summary.data.queues.map((q) => (
          <li key={q.queue}>
            <UnstyledButton
              w="100%"
              p="sm"
              data-queue={q.queue}
              aria-pressed={q.queue === open}
              onClick={() => setQueue(q.queue)}
              style={{
                border: `2px solid var(--mantine-color-${q.queue === open ? 'indigo-8' : 'gray-4'})`,
                borderRadius: 8,
              }}
            >
              <Group justify="space-between">
                <Text fw={600}>{t(`queues.queue.${q.queue}` as MessageKey)}</Text>
                <Badge color={q.open > 0 ? 'indigo.8' : 'gray.8'} data-testid={`queue-count-${q.queue}`}>
                  {q.more ? `${q.open}+` : q.open}
                </Badge>
              </Group>
            </UnstyledButton>
          </li>
        ))}
      </SimpleGrid>
      {open && (
        <section aria-label={t(`queues.queue.${open}` as MessageKey)}>
          <Title order={3} size="h4" ref={queueHeadingRef} tabIndex={-1} data-testid="queue-heading">
            {t(`queues.queue.${open}` as MessageKey)}
          </Title>
          {/* In the page before anything is said (a live region added with its text is not read out); no room taken while empty. */}
          <Text
            role="status"
            aria-live="polite"
            fw={600}
            mt="xs"
            className={done ? undefined : 'visually-hidden'}
            data-testid="queues-done"
          >
            {done}
          </Text>
          {items.isPending && <Loading />}
          {items.error && <ErrorState error={items.error} retry={() => void items.refetch()} />}
          {items.data && items.data.items.length === 0 && (
            <Text mt="sm" data-testid="queue-empty">
              {t('queues.empty')}
            </Text>
          )}
          {items.data && items.data.items.length > 0 && (
            <Stack component="ul" gap="sm" mt="sm" style={{ listStyle: 'none', padding: 0 }}>
              {items.data.items.map((item, index) => (
                <ItemCard
                  key={`${item.subjectId}:${item.itemKey}`}
                  item={item}
                  timeZone={location.timeZone}
                  onResolved={(outcome) => resolved(item, index, outcome)}
                  onResendDone={(announcement) => {
                    setDone(announcement);
                    // The item stays until the provider takes the message: the focus stays with it.
                    setFocusAt(index);
                  }}
                  resent={resent[itemId(item)]}
                  onResent={(message) => onResent(item, message)}
                />
              ))}
            </Stack>
          )}
        </section>
      )}
    </Stack>
  );
}
