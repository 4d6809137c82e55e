import {
  Badge,
  Box,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatTime, localDate, localMinutes, zoneAbbreviation } from '../../time/zoned.js';
import { AppointmentPanel } from './AppointmentPanel.js';
import { type BoardSession, type ComposedDayBoard, patientNameOn, STATUS_STYLE, withAnnounced } from './board.js';
import { ReplanProposals, replansKey } from './ReplanProposals.js';
import { useLiveUpdates } from './use-live-updates.js';

const HOUR_WIDTH = 96;

/** The charge nurse's chair board: chairs down, the day across in the location's zone, live. */
export function TodayScreen() {
  const { t, locale, has } = useI18n();
  const { location } = useCurrentLocation();
  const date = location ? localDate(new Date(), location.timeZone) : '';
  const boardKey = ['board', location?.id, date] as const;
  const board = useQuery({
    queryKey: boardKey,
    queryFn: () => api<ComposedDayBoard>(`/api/board/${location!.id}?date=${date}`),
    enabled: !!location,
  });
  // A change may also bring or settle a re-plan proposal: the list is read again with the board.
  const live = useLiveUpdates(location?.id, boardKey, replansKey(location?.id, date));

  const sessions = useMemo(
    () => (board.data ? withAnnounced(board.data.board.sessions, live.announced) : []),
    [board.data, live.announced],
  );
  // The bar clicked; kept as last seen so the panel stays open when a cancellation takes the bar away.
  const [selected, setSelected] = useState<BoardSession | undefined>();
  if (!location) return null;
  if (board.isPending) return <Loading />;
  if (board.error) return <ErrorState error={board.error} retry={() => void board.refetch()} />;

  const { timeZone } = board.data.location;
  const nurses = new Map(board.data.board.nurses.map((n) => [n.nurseId, n.displayName]));
  const label = (key: string): string => (has(key) ? t(key) : key);
  const patientName = (patientId: string): string => patientNameOn(board.data, patientId, t);
  const starts = sessions.map((s) => localMinutes(s.plannedStartsAt, timeZone));
  const ends = sessions.map((s) => localMinutes(s.projectedEndsAt, timeZone));
  const firstHour = Math.min(7, ...starts.map((m) => Math.floor(m / 60)));
  const lastHour = Math.max(19, ...ends.map((m) => Math.ceil(m / 60)));
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);
  const nowMinutes = localMinutes(new Date(), timeZone);
  const x = (minutes: number) => ((minutes - firstHour * 60) / 60) * HOUR_WIDTH;
  const liveKey: MessageKey = `today.live.${live.state}`;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('today.title', { location: board.data.location.name })}</Title>
        <Group gap="xs">
          <Text size="sm" data-testid="board-zone">
            {t('today.timezone', { zone: `${timeZone} (${zoneAbbreviation(new Date(), timeZone, locale)})` })} · {date}
          </Text>
          <Badge
            variant="outline"
            color="dark"
            leftSection={
              <span aria-hidden style={{ color: `var(--mantine-color-${live.state === 'connected' ? 'green' : 'orange'}-7)` }}>
                ●
              </span>
            }
            data-testid="live-state"
            data-state={live.state}
          >
            {t(liveKey)}
          </Badge>
        </Group>
      </Group>
      <Group gap="xs" aria-label={t('today.legend')}>
        {Object.entries(STATUS_STYLE).map(([status, style]) => (
          <Badge
            key={status}
            color={style.color}
            c="dark.9"
            variant="light"
            leftSection={<span aria-hidden>{style.symbol}</span>}
          >
            {label(`status.${status}`)}
          </Badge>
        ))}
      </Group>
      <ReplanProposals
        locationId={location.id}
        date={date}
        timeZone={timeZone}
        patientName={patientName}
        therapyName={(code) => label(`therapy.${code}`)}
      />
      {board.data.patientsTruncated && <Text size="sm">{t('today.patientsTruncated')}</Text>}
      {sessions.length === 0 && <Text data-testid="board-empty">{t('today.empty')}</Text>}
      <ScrollArea type="auto">
        <Box
          component="section"
          aria-label={t('today.chairs')}
          style={{ minWidth: 140 + hours.length * HOUR_WIDTH }}
          data-testid="board"
        >
          <Box style={{ display: 'flex', borderBottom: '1px solid var(--mantine-color-gray-4)' }}>
            <Text fw={600} w={140} size="sm">
              {t('today.chair')}
            </Text>
            <Box style={{ position: 'relative', height: 20, width: hours.length * HOUR_WIDTH }} aria-hidden>
              {hours.map((h) => (
                <Text key={h} size="xs" style={{ position: 'absolute', left: x(h * 60) }}>
                  {String(h).padStart(2, '0')}:00
                </Text>
              ))}
            </Box>
          </Box>
          {board.data.board.chairs.map((chair) => (
            <Box
              key={chair.chairId}
              role="group"
              aria-label={chair.label}
              data-chair={chair.chairId}
              style={{ display: 'flex', borderBottom: '1px solid var(--mantine-color-gray-2)' }}
            >
              <Text w={140} size="sm" py={6} fw={500}>
                {chair.label}
              </Text>
              <Box style={{ position: 'relative', height: 48, width: hours.length * HOUR_WIDTH }}>
                {nowMinutes >= firstHour * 60 && nowMinutes <= lastHour * 60 && (
                  <Box
                    aria-hidden
                    style={{
                      position: 'absolute',
                      left: x(nowMinutes),
                      top: 0,
                      bottom: 0,
                      borderLeft: '2px solid var(--mantine-color-red-7)',
                    }}
                  />
                )}
                {sessions
                  .filter((s) => s.chairId === chair.chairId)
                  .map((s) => (
                    <Bar
                      key={s.appointmentId}
                      session={s}
                      left={x(localMinutes(s.plannedStartsAt, timeZone))}
                      width={Math.max(
                        24,
                        x(localMinutes(s.projectedEndsAt, timeZone)) - x(localMinutes(s.plannedStartsAt, timeZone)),
                      )}
                      patient={patientName(s.patientId)}
                      therapy={label(`therapy.${s.therapyCode}`)}
                      nurse={nurses.get(s.nurseId) ?? s.nurseId.slice(0, 8)}
                      start={formatTime(s.plannedStartsAt, timeZone, locale)}
                      end={formatTime(s.projectedEndsAt, timeZone, locale)}
                      status={label(`status.${s.status}`)}
                      flags={s.flags.map((f) => label(`today.flags.${f}`))}
                      onOpen={() => setSelected(s)}
                    />
                  ))}
              </Box>
            </Box>
          ))}
        </Box>
      </ScrollArea>
      <AppointmentPanel
        session={selected && (sessions.find((s) => s.appointmentId === selected.appointmentId) ?? selected)}
        board={board.data}
        patientName={patientName}
        therapyName={(code) => label(`therapy.${code}`)}
        onClose={() => setSelected(undefined)}
      />
      <Paper withBorder p="sm">
        <Title order={3} size="h4">
          {t('today.nurses')}
        </Title>
        <Table data-testid="nurse-load">
          <Table.Tbody>
            {board.data.board.nurses.map((n) => (
              <Table.Tr key={n.nurseId}>
                <Table.Td>{t('today.nurseLoad', { name: n.displayName, count: n.patientsInChair })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

function Bar(props: {
  session: BoardSession;
  left: number;
  width: number;
  patient: string;
  therapy: string;
  nurse: string;
  start: string;
  end: string;
  status: string;
  flags: string[];
  onOpen: () => void;
}) {
  const { t } = useI18n();
  const style = STATUS_STYLE[props.session.status] ?? { color: 'gray', symbol: '?' };
  const description = t('today.bar', {
    patient: props.patient,
    therapy: props.therapy,
    start: props.start,
    end: props.end,
    status: props.status,
    nurse: props.nurse,
  });
  return (
    <Tooltip label={[description, ...props.flags].join(' · ')} withinPortal>
      <UnstyledButton
        data-appointment={props.session.appointmentId}
        data-status={props.session.status}
        onClick={props.onOpen}
        aria-haspopup="dialog"
        style={{
          position: 'absolute',
          left: props.left,
          width: props.width,
          top: 4,
          height: 40,
          overflow: 'hidden',
          padding: '2px 6px',
          borderRadius: 4,
          background: `var(--mantine-color-${style.color}-1)`,
          borderLeft: `5px solid var(--mantine-color-${style.color}-8)`,
          color: 'var(--mantine-color-black)',
          outlineOffset: 2,
        }}
      >
        <Text size="xs" fw={600} truncate>
          <span aria-hidden>{style.symbol}</span> {props.patient} · {props.therapy}
        </Text>
        <Text size="xs" truncate>
          {props.status} · {props.nurse}
          {props.flags.length > 0 && ` · ⚠ ${props.flags.join(', ')}`}
        </Text>
        <VisuallyHidden>{[description, ...props.flags].join(', ')}</VisuallyHidden>
      </UnstyledButton>
    </Tooltip>
  );
}
