import { Alert, Button, Drawer, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.js';
import { type Role, useSession } from '../../api/session.js';
import { data, scheduling } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import { Loading } from '../../shell/States.js';
import { formatDateTime, formatTime } from '../../time/zoned.js';
import {
  type Appointment,
  CancelForm,
  type CancellationReason,
  ProblemAlert,
  RescheduleSlots,
  type Slot,
} from '../appointments/AppointmentActions.js';
import type { BoardSession, ComposedDayBoard } from './board.js';

/** Scheduling refuses a no-show earlier than this after the start (apps/scheduling mark-no-show). */
const NO_SHOW_GRACE_MINUTES = 30;

/** Who may do what, as scheduling's controllers decide it (the console only hides what would be refused). */
const MAY: Record<'confirm' | 'reschedule' | 'cancel' | 'noShow' | 'move', Role[]> = {
  confirm: ['admin', 'scheduler'],
  reschedule: ['admin', 'scheduler'],
  cancel: ['admin', 'scheduler'],
  noShow: ['admin', 'scheduler', 'nurse'],
  move: ['admin', 'charge-nurse'],
};

type Done =
  | { kind: 'confirmed' | 'cancelled' | 'noShow' }
  | { kind: 'rescheduled'; when: string }
  | { kind: 'moved'; chair: string; nurse: string };

/**
 * What a bar of the Today board opens: the appointment as scheduling keeps it, and the actions the
 * user's role may take from its status (confirm, reschedule to a ranked slot, cancel with a reason,
 * no-show; move a patient who is already here to another chair or nurse). Every change is sent
 * with the version read, so a change by someone else meanwhile is refused and said so, with a reload.
 */
export function AppointmentPanel(props: {
  session: BoardSession | undefined;
  board: ComposedDayBoard;
  patientName: (patientId: string) => string;
  therapyName: (code: string) => string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { session } = props;
  return (
    <Drawer
      opened={!!session}
      onClose={props.onClose}
      position="right"
      size="md"
      title={session ? t('today.panel.title', { patient: props.patientName(session.patientId) }) : ''}
      closeButtonProps={{ 'aria-label': t('today.panel.close') }}
      data-testid="appointment-panel"
    >
      {session && <PanelBody key={session.appointmentId} {...props} session={session} />}
    </Drawer>
  );
}

function PanelBody(props: {
  session: BoardSession;
  board: ComposedDayBoard;
  patientName: (patientId: string) => string;
  therapyName: (code: string) => string;
}) {
  const { t, locale, has } = useI18n();
  const queryClient = useQueryClient();
  const user = useSession().data?.user;
  const { session, board } = props;
  const locationId = board.location.id;
  const { timeZone } = board.location;
  const path = { locationId, appointmentId: session.appointmentId };
  const [open, setOpen] = useState<'reschedule' | 'cancel' | 'move' | undefined>();
  const [done, setDone] = useState<Done | undefined>();
  // The button just used may be gone with the status it was for: the focus goes to what happened,
  // so keyboard users stay in the panel (and Escape still closes it) and screen readers hear it.
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const key = ['appointment', session.appointmentId] as const;
  const appointment = useQuery({
    queryKey: key,
    queryFn: () => data(scheduling.GET('/locations/{locationId}/appointments/{appointmentId}', { params: { path } })),
    retry: false,
  });
  const chairs = new Map(board.board.chairs.map((c) => [c.chairId, c.label]));
  const nurses = new Map(board.board.nurses.map((n) => [n.nurseId, n.displayName]));
  const may = (action: keyof typeof MAY) => user?.roles.some((r) => MAY[action].includes(r)) ?? false;
  const label = (k: string) => (has(k) ? t(k) : k);
  const ifMatch = (a: Appointment) => ({ 'If-Match': `"${a.version}"` });

  const changed = (outcome: Done) => {
    setDone(outcome);
    setOpen(undefined);
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: ['board', locationId] });
  };
  const act = useMutation({
    mutationFn: async (action: { kind: 'confirm' } | { kind: 'noShow' } | { kind: 'cancel'; reason: CancellationReason }) => {
      const a = appointment.data!;
      const params = { path, header: ifMatch(a) };
      if (action.kind === 'confirm') {
        await data(scheduling.POST('/locations/{locationId}/appointments/{appointmentId}/confirm', { params }));
        return { kind: 'confirmed' } as const;
      }
      if (action.kind === 'noShow') {
        await data(scheduling.POST('/locations/{locationId}/appointments/{appointmentId}/no-show', { params }));
        return { kind: 'noShow' } as const;
      }
      await data(
        scheduling.POST('/locations/{locationId}/appointments/{appointmentId}/cancel', {
          params,
          body: { reason: action.reason },
        }),
      );
      return { kind: 'cancelled' } as const;
    },
    onMutate: () => setDone(undefined),
    onSuccess: changed,
  });
  const reschedule = useMutation({
    mutationFn: async (slot: Slot) => {
      const moved = await data(
        scheduling.POST('/locations/{locationId}/appointments/{appointmentId}/reschedule', {
          params: { path, header: ifMatch(appointment.data!) },
          body: { startsAt: slot.start, chairId: slot.chairId, nurseId: slot.nurseId },
        }),
      );
      return { kind: 'rescheduled', when: formatDateTime(moved.startsAt, timeZone, locale) } as const;
    },
    onMutate: () => setDone(undefined),
    onSuccess: changed,
  });
  const move = useMutation({
    mutationFn: async (to: { chairId: string; nurseId: string }) => {
      const a = appointment.data!;
      // Its answer is not described in scheduling's OpenAPI document (a refusal is thrown as
      // ApiError by the client's middleware); what moved is what was asked.
      await scheduling.POST('/locations/{locationId}/replans/move-patient', {
        params: { path: { locationId } },
        body: {
          appointmentId: a.id,
          appointmentVersion: a.version,
          ...(to.chairId !== a.chairId ? { chairId: to.chairId } : {}),
          ...(to.nurseId !== a.nurseId ? { nurseId: to.nurseId } : {}),
        },
      });
      return { kind: 'moved', chair: chairs.get(to.chairId) ?? '', nurse: nurses.get(to.nurseId) ?? '' } as const;
    },
    onMutate: () => setDone(undefined),
    onSuccess: changed,
  });
  const failure = act.error ?? reschedule.error ?? move.error;
  const reload = () => {
    act.reset();
    reschedule.reset();
    move.reset();
    void appointment.refetch();
    void queryClient.invalidateQueries({ queryKey: ['board', locationId] });
  };

  const a = appointment.data;
  const status = a?.status ?? session.status;
  const startsPassed = a ? Date.now() >= new Date(a.startsAt).getTime() + NO_SHOW_GRACE_MINUTES * 60_000 : false;
  const actions = {
    confirm: !!a && may('confirm') && a.status === 'booked' && !a.confirmedAt,
    reschedule: !!a && may('reschedule') && (a.status === 'booked' || a.status === 'proposed'),
    cancel: !!a && may('cancel') && a.status === 'booked',
    noShow: !!a && may('noShow') && a.status === 'booked' && startsPassed,
    move: !!a && may('move') && (a.status === 'arrived' || a.status === 'checked-in'),
  };
  const busy = act.isPending || reschedule.isPending || move.isPending;
  const doneText = done
    ? done.kind === 'rescheduled'
      ? t('today.panel.done.rescheduled', { when: done.when })
      : done.kind === 'moved'
        ? t('today.panel.done.moved', { chair: done.chair, nurse: done.nurse })
        : t(`today.panel.done.${done.kind}`)
    : undefined;

  return (
    <Stack gap="sm" data-appointment-panel={session.appointmentId}>
      <Table variant="vertical" layout="fixed" data-testid="panel-facts">
        <Table.Tbody>
          <Fact label={t('today.panel.therapy')} value={props.therapyName(session.therapyId ?? session.therapyCode)} />
          <Fact
            label={t('today.panel.time')}
            value={`${formatDateTime(a?.startsAt ?? session.plannedStartsAt, timeZone, locale)}–${formatTime(
              a?.endsAt ?? session.plannedEndsAt,
              timeZone,
              locale,
            )} (${timeZone})`}
          />
          <Fact label={t('today.chair')} value={chairs.get(a?.chairId ?? session.chairId) ?? session.chairId.slice(0, 8)} />
          <Fact label={t('book.nurse')} value={nurses.get(a?.nurseId ?? session.nurseId) ?? session.nurseId.slice(0, 8)} />
          <Fact label={t('today.panel.floor')} value={label(`status.${session.status}`)} />
          <Fact
            label={t('today.panel.booking')}
            value={`${label(`appointment.${status}`)}${a?.confirmedAt ? ` · ${t('today.panel.confirmed')}` : ''}`}
            testId="panel-status"
          />
        </Table.Tbody>
      </Table>
      {appointment.isPending && <Loading />}
      {appointment.error && !(appointment.error instanceof ApiError && appointment.error.status === 403) && (
        <ProblemAlert error={appointment.error} reload={reload} />
      )}
      {doneText && (
        <Alert color="green" role="status" data-testid="panel-done" ref={doneRef} tabIndex={-1}>
          <Text c="dark.9" size="sm">
            {doneText}
          </Text>
        </Alert>
      )}
      {failure && <ProblemAlert error={failure} reload={reload} />}
      {a && !Object.values(actions).some(Boolean) && <Text size="sm">{t('today.panel.noActions')}</Text>}
      <Group gap="xs">
        {actions.confirm && (
          <Button onClick={() => act.mutate({ kind: 'confirm' })} loading={act.isPending && act.variables.kind === 'confirm'}>
            {t('today.panel.confirm')}
          </Button>
        )}
        {actions.reschedule && (
          <Button variant={open === 'reschedule' ? 'filled' : 'default'} onClick={() => setOpen('reschedule')} disabled={busy}>
            {t('today.panel.reschedule')}
          </Button>
        )}
        {actions.cancel && (
          <Button variant={open === 'cancel' ? 'filled' : 'default'} onClick={() => setOpen('cancel')} disabled={busy}>
            {t('today.panel.cancel')}
          </Button>
        )}
        {actions.noShow && (
          <Button
            variant="default"
            onClick={() => act.mutate({ kind: 'noShow' })}
            loading={act.isPending && act.variables.kind === 'noShow'}
          >
            {t('today.panel.noShow')}
          </Button>
        )}
        {actions.move && (
          <Button variant={open === 'move' ? 'filled' : 'default'} onClick={() => setOpen('move')} disabled={busy}>
            {t('today.panel.move')}
          </Button>
        )}
      </Group>
      {a && open === 'reschedule' && actions.reschedule && (
        <RescheduleSlots
          appointment={a}
          timeZone={timeZone}
          chairName={(id) => chairs.get(id) ?? id.slice(0, 8)}
          nurseName={(id) => nurses.get(id) ?? id.slice(0, 8)}
          onPick={(slot) => reschedule.mutate(slot)}
          pending={reschedule.isPending}
        />
      )}
      {a && open === 'cancel' && actions.cancel && (
        <CancelForm onCancel={(reason) => act.mutate({ kind: 'cancel', reason })} pending={act.isPending} />
      )}
      {a && open === 'move' && actions.move && (
        <MoveForm
          appointment={a}
          chairs={board.board.chairs.map((c) => ({ value: c.chairId, label: c.label }))}
          nurses={board.board.nurses.map((n) => ({ value: n.nurseId, label: n.displayName }))}
          onMove={(to) => move.mutate(to)}
          pending={move.isPending}
        />
      )}
    </Stack>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Table.Tr>
      <Table.Th w={130}>{label}</Table.Th>
      <Table.Td data-testid={testId}>{value}</Table.Td>
    </Table.Tr>
  );
}

/** A patient who is here moves to another chair or nurse at the same time (scheduling's move-patient). */
function MoveForm(props: {
  appointment: Appointment;
  chairs: Array<{ value: string; label: string }>;
  nurses: Array<{ value: string; label: string }>;
  onMove: (to: { chairId: string; nurseId: string }) => void;
  pending: boolean;
}) {
  const { t } = useI18n();
  const [chairId, setChairId] = useState<string>(props.appointment.chairId);
  const [nurseId, setNurseId] = useState<string>(props.appointment.nurseId);
  const unchanged = chairId === props.appointment.chairId && nurseId === props.appointment.nurseId;
  return (
    <form
      aria-label={t('today.panel.move')}
      onSubmit={(event) => {
        event.preventDefault();
        if (!unchanged) props.onMove({ chairId, nurseId });
      }}
    >
      <Group align="flex-end" gap="xs">
        <Select
          label={t('today.panel.toChair')}
          data={props.chairs}
          value={chairId}
          onChange={(v) => v && setChairId(v)}
          allowDeselect={false}
          w={160}
        />
        <Select
          label={t('today.panel.toNurse')}
          data={props.nurses}
          value={nurseId}
          onChange={(v) => v && setNurseId(v)}
          allowDeselect={false}
          w={180}
        />
        <Button type="submit" disabled={unchanged} loading={props.pending}>
          {t('today.panel.moveConfirm')}
        </Button>
      </Group>
    </form>
  );
}
