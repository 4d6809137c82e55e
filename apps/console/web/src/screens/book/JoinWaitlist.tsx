import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { data, scheduling } from '../../api/typed.js';
import { therapyBody, useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatDateTime, localDate, localToInstant } from '../../time/zoned.js';
import { ProblemAlert } from '../appointments/AppointmentActions.js';
import type { RecordWaitlistRequest } from './patient-record.js';

const DAY_MS = 24 * 3600_000;
/** The window offered at first: two weeks from today, well inside scheduling's 90 days. */
const DEFAULT_WINDOW_DAYS = 14;

/**
 * When no slot suits: the patient joins scheduling's waitlist for the therapy chosen, between two
 * days of the location (its zone, whatever the browser's), optionally at preferred local times;
 * freed time in that window is offered to them in turn. Their open requests here are listed, each
 * withdrawn from its own button.
 */
export function JoinWaitlist(props: {
  locationId: string;
  locationName: string;
  timeZone: string;
  patientId: string;
  /** The therapy picked on Book: a built-in's code or a defined therapy's id. */
  therapy: string | null;
  requests: RecordWaitlistRequest[] | undefined;
  onChanged: () => void;
}) {
  const { t, locale, has } = useI18n();
  const { therapyName } = useTherapies();
  const { timeZone } = props;
  const now = new Date();
  const [form, setForm] = useState({
    earliest: localDate(now, timeZone),
    latest: localDate(new Date(now.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS), timeZone),
    preferredFrom: '',
    preferredTo: '',
  });
  const doneRef = useRef<HTMLDivElement>(null);
  const join = useMutation({
    mutationFn: () => {
      // A window that starts today starts now: scheduling offers no time already past.
      const earliest = new Date(Math.max(Date.now(), new Date(localToInstant(`${form.earliest}T00:00`, timeZone)).getTime()));
      return data(
        scheduling.POST('/locations/{locationId}/waitlist', {
          params: { path: { locationId: props.locationId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: {
            patientId: props.patientId,
            ...therapyBody(props.therapy!),
            earliest: earliest.toISOString(),
            latest: localToInstant(`${form.latest}T23:59`, timeZone),
            ...(form.preferredFrom ? { preferredFrom: form.preferredFrom } : {}),
            ...(form.preferredTo ? { preferredTo: form.preferredTo } : {}),
          },
        }),
      );
    },
    onSuccess: () => {
      withdraw.reset();
      props.onChanged();
    },
  });
  // The patient no longer waits (booked another way, changed their mind): scheduling marks the
  // request withdrawn, so no freed time is offered to them for it.
  const withdraw = useMutation({
    mutationFn: (request: RecordWaitlistRequest) =>
      data(
        scheduling.DELETE('/locations/{locationId}/waitlist/{requestId}', {
          params: { path: { locationId: props.locationId, requestId: request.id } },
        }),
      ),
    onSuccess: () => {
      join.reset();
      props.onChanged();
    },
  });
  useEffect(() => {
    if (join.data) doneRef.current?.focus();
  }, [join.data]);
  // The button pressed leaves with its entry: the focus goes to the note saying so.
  useEffect(() => {
    if (withdraw.data) doneRef.current?.focus();
  }, [withdraw.data]);
  const label = (key: string) => (has(key) ? t(key) : key);
  const when = (instant: string) => formatDateTime(instant, timeZone, locale);
  const open = (props.requests ?? []).filter(
    (r) => r.locationId === props.locationId && (r.status === 'waiting' || r.status === 'offered'),
  );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="book-waitlist" data-testid="book-waitlist">
      <Title order={3} size="h4" id="book-waitlist">
        {t('book.waitlist')}
      </Title>
      <Text size="sm" mb="xs">
        {t('book.waitlist.hint')}
      </Text>
      <form
        aria-label={t('book.waitlist')}
        onSubmit={(event) => {
          event.preventDefault();
          join.mutate();
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('book.waitlist.earliest')}
            type="date"
            value={form.earliest}
            onChange={(e) => setForm({ ...form, earliest: e.currentTarget.value })}
            required
          />
          <TextInput
            label={t('book.waitlist.latest')}
            type="date"
            value={form.latest}
            onChange={(e) => setForm({ ...form, latest: e.currentTarget.value })}
            required
          />
          <TextInput
            label={t('book.waitlist.preferredFrom')}
            type="time"
            value={form.preferredFrom}
            onChange={(e) => setForm({ ...form, preferredFrom: e.currentTarget.value })}
          />
          <TextInput
            label={t('book.waitlist.preferredTo')}
            type="time"
            value={form.preferredTo}
            onChange={(e) => setForm({ ...form, preferredTo: e.currentTarget.value })}
          />
          <Button type="submit" variant="default" disabled={!props.therapy} loading={join.isPending}>
            {t('book.waitlist.join')}
          </Button>
        </Group>
        {!props.therapy && (
          <Text size="sm" mt="xs">
            {t('book.waitlist.needsTherapy')}
          </Text>
        )}
      </form>
      {join.error && (
        <ProblemAlert error={join.error} reload={() => join.reset()} timeZone={timeZone} testId="waitlist-problem" />
      )}
      {withdraw.error && (
        <ProblemAlert
          error={withdraw.error}
          // Reading the record again shows the entry as it is now.
          reload={() => {
            withdraw.reset();
            props.onChanged();
          }}
          timeZone={timeZone}
          testId="waitlist-problem"
        />
      )}
      {withdraw.data && (
        <Alert
          color="green"
          mt="sm"
          role="status"
          data-testid="waitlist-withdrawn"
          data-request={withdraw.data.id}
          ref={doneRef}
          tabIndex={-1}
        >
          <Text c="dark.9" size="sm">
            {t('book.waitlist.withdrawn', {
              therapy: therapyName(withdraw.data.therapyId ?? withdraw.data.therapyCode),
              earliest: when(withdraw.data.earliest),
              latest: when(withdraw.data.latest),
              zone: timeZone,
            })}
          </Text>
        </Alert>
      )}
      {join.data && (
        <Alert
          color="green"
          mt="sm"
          role="status"
          data-testid="waitlisted"
          data-request={join.data.id}
          ref={doneRef}
          tabIndex={-1}
        >
          <Text c="dark.9" size="sm">
            {t('book.waitlist.joined', {
              therapy: therapyName(join.data.therapyId ?? join.data.therapyCode),
              earliest: when(join.data.earliest),
              latest: when(join.data.latest),
              zone: timeZone,
            })}
          </Text>
        </Alert>
      )}
      {open.length > 0 && (
        <Stack gap={2} mt="sm" component="section" aria-label={t('book.waitlist.current', { location: props.locationName })}>
          <Text size="sm" fw={600}>
            {t('book.waitlist.current', { location: props.locationName })}
          </Text>
          <Stack component="ul" gap={2} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {open.map((r) => {
              const entry = `${t('book.waitlist.entry', {
                therapy: therapyName(r.therapyId ?? r.therapyCode),
                earliest: when(r.earliest),
                latest: when(r.latest),
                status: label(`waitlist.${r.status}`),
              })} (${timeZone})`;
              return (
                <Group component="li" gap="xs" key={r.id} data-request={r.id} wrap="nowrap">
                  <Text size="sm">{entry}</Text>
                  <Button
                    size="compact-xs"
                    variant="default"
                    aria-label={t('book.waitlist.withdrawLabel', { entry })}
                    onClick={() => withdraw.mutate(r)}
                    loading={withdraw.isPending && withdraw.variables?.id === r.id}
                    disabled={withdraw.isPending && withdraw.variables?.id !== r.id}
                  >
                    {t('book.waitlist.withdraw')}
                  </Button>
                </Group>
              );
            })}
          </Stack>
        </Stack>
      )}
    </Paper>
  );
}
