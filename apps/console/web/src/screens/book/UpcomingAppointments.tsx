import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { data, scheduling } from '../../api/typed.js';
import { useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import { Loading } from '../../shell/States.js';
import { formatDateTime } from '../../time/zoned.js';
import {
  CancelForm,
  type CancellationReason,
  ProblemAlert,
  RescheduleSlots,
  type Slot,
} from '../appointments/AppointmentActions.js';
import type { RecordAppointment } from './patient-record.js';

type Change = { kind: 'reschedule' | 'cancel'; appointmentId: string };

/**
 * The chosen patient's upcoming appointments at this location (from their record), each
 * rescheduled to a slot scheduling ranks or cancelled with a reason. The change is sent with the
 * version of the appointment read when it was opened, so a change by someone else meanwhile is
 * refused and said "changed by someone else, reload".
 */
export function UpcomingAppointments(props: {
  locationId: string;
  locationName: string;
  timeZone: string;
  appointments: RecordAppointment[] | undefined;
  loading: boolean;
  chairName: (id: string) => string;
  nurseName: (id: string) => string;
  onChanged: () => void;
}) {
  const { t, locale, has } = useI18n();
  const { therapyName } = useTherapies();
  const { timeZone } = props;
  const [open, setOpen] = useState<Change | undefined>();
  const [done, setDone] = useState<string | undefined>();
  // The row's button may be gone with the change: the focus goes to what happened, so keyboard
  // users keep their place and screen readers hear it.
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const label = (key: string) => (has(key) ? t(key) : key);
  const when = (instant: string) => formatDateTime(instant, timeZone, locale);
  const rows = props.appointments?.filter((a) => a.locationId === props.locationId) ?? [];
  const opened = open && rows.find((a) => a.id === open.appointmentId);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="book-upcoming" data-testid="book-upcoming">
      <Title order={3} size="h4" id="book-upcoming">
        {t('book.upcoming', { location: props.locationName })}
      </Title>
      {props.loading && <Loading />}
      {done && (
        <Alert color="green" mt="sm" role="status" data-testid="upcoming-done" ref={doneRef} tabIndex={-1}>
          <Text c="dark.9" size="sm">
            {done}
          </Text>
        </Alert>
      )}
      {props.appointments && rows.length === 0 && (
        <Text size="sm" mt="xs">
          {t('book.upcoming.none')}
        </Text>
      )}
      {rows.length > 0 && (
        <Table mt="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('patients.when')}</Table.Th>
              <Table.Th>{t('patients.therapy')}</Table.Th>
              <Table.Th>{t('patients.status')}</Table.Th>
              <Table.Th>{t('book.upcoming.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((a) => (
              <Table.Tr key={a.id} data-appointment={a.id} data-status={a.status}>
                <Table.Td>
                  {when(a.startsAt)} ({timeZone})
                </Table.Td>
                <Table.Td>{therapyName(a.therapyId ?? a.therapyCode)}</Table.Td>
                <Table.Td>
                  {label(`appointment.${a.status}`)}
                  {a.confirmed ? ` · ${t('patients.confirmed')}` : ''}
                  {a.atRisk ? ` · ${t('patients.atRisk')}` : ''}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {(a.status === 'booked' || a.status === 'proposed') && (
                      <Button
                        size="xs"
                        variant={open?.appointmentId === a.id && open.kind === 'reschedule' ? 'filled' : 'default'}
                        aria-label={t('book.upcoming.rescheduleLabel', { when: when(a.startsAt) })}
                        aria-expanded={open?.appointmentId === a.id && open.kind === 'reschedule'}
                        onClick={() => {
                          setDone(undefined);
                          setOpen({ kind: 'reschedule', appointmentId: a.id });
                        }}
                      >
                        {t('book.upcoming.reschedule')}
                      </Button>
                    )}
                    {a.status === 'booked' && (
                      <Button
                        size="xs"
                        variant={open?.appointmentId === a.id && open.kind === 'cancel' ? 'filled' : 'default'}
                        aria-label={t('book.upcoming.cancelLabel', { when: when(a.startsAt) })}
                        aria-expanded={open?.appointmentId === a.id && open.kind === 'cancel'}
                        onClick={() => {
                          setDone(undefined);
                          setOpen({ kind: 'cancel', appointmentId: a.id });
                        }}
                      >
                        {t('book.upcoming.cancel')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {open && opened && (
        <ChangeAppointment
          key={`${open.kind}-${open.appointmentId}`}
          change={open}
          locationId={props.locationId}
          timeZone={timeZone}
          title={t(open.kind === 'reschedule' ? 'book.upcoming.rescheduling' : 'book.upcoming.cancelling', {
            when: `${when(opened.startsAt)} (${timeZone})`,
          })}
          chairName={props.chairName}
          nurseName={props.nurseName}
          onClose={() => setOpen(undefined)}
          onDone={(text) => {
            setOpen(undefined);
            setDone(text);
            props.onChanged();
          }}
        />
      )}
    </Paper>
  );
}

/** One appointment opened for a change: read as scheduling keeps it now (its version), then changed with that version. */
function ChangeAppointment(props: {
  change: Change;
  locationId: string;
  timeZone: string;
  title: string;
  chairName: (id: string) => string;
  nurseName: (id: string) => string;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t, locale } = useI18n();
  const { change, timeZone } = props;
  const path = { locationId: props.locationId, appointmentId: change.appointmentId };
  const appointment = useQuery({
    queryKey: ['appointment', change.appointmentId],
    queryFn: () => data(scheduling.GET('/locations/{locationId}/appointments/{appointmentId}', { params: { path } })),
    retry: false,
  });
  const ifMatch = () => ({ 'If-Match': `"${appointment.data!.version}"` });
  const reschedule = useMutation({
    mutationFn: (slot: Slot) =>
      data(
        scheduling.POST('/locations/{locationId}/appointments/{appointmentId}/reschedule', {
          params: { path, header: ifMatch() },
          body: { startsAt: slot.start, chairId: slot.chairId, nurseId: slot.nurseId },
        }),
      ),
    onSuccess: (moved) =>
      props.onDone(
        t('today.panel.done.rescheduled', { when: `${formatDateTime(moved.startsAt, timeZone, locale)} (${timeZone})` }),
      ),
  });
  const cancel = useMutation({
    mutationFn: (reason: CancellationReason) =>
      data(
        scheduling.POST('/locations/{locationId}/appointments/{appointmentId}/cancel', {
          params: { path, header: ifMatch() },
          body: { reason },
        }),
      ),
    onSuccess: () => props.onDone(t('today.panel.done.cancelled')),
  });
  const failure = appointment.error ?? reschedule.error ?? cancel.error;
  const reload = () => {
    reschedule.reset();
    cancel.reset();
    void appointment.refetch();
  };
  // Only a finished read is acted on: its version is what the change is sent with.
  const a = appointment.isFetching ? undefined : appointment.data;

  return (
    <Stack gap="xs" mt="sm" component="section" aria-label={props.title} data-testid={`upcoming-${change.kind}`}>
      <Group justify="space-between">
        <Title order={4} size="h5">
          {props.title}
        </Title>
        <Button size="xs" variant="default" onClick={props.onClose}>
          {t('book.upcoming.close')}
        </Button>
      </Group>
      {appointment.isFetching && <Loading />}
      {failure && <ProblemAlert error={failure} reload={reload} timeZone={timeZone} testId="upcoming-problem" />}
      {a && change.kind === 'reschedule' && (
        <RescheduleSlots
          appointment={a}
          timeZone={timeZone}
          chairName={props.chairName}
          nurseName={props.nurseName}
          onPick={(slot) => reschedule.mutate(slot)}
          pending={reschedule.isPending}
        />
      )}
      {a && change.kind === 'cancel' && <CancelForm onCancel={(reason) => cancel.mutate(reason)} pending={cancel.isPending} />}
    </Stack>
  );
}
