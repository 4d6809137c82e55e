import {
  Badge,
  Box,
  Button,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatTime, localDate, localToInstant, zoneAbbreviation } from '../../time/zoned.js';
import { AppointmentPanel } from './AppointmentPanel.js';
import { type BoardSession, type ComposedDayBoard, patientNameOn, STATUS_STYLE, withAnnounced } from './board.js';
import { addDays, announcedFor, DayAxis, shownDay } from './board-day.js';
import { ReplanProposals } from './ReplanProposals.js';
import { useLiveUpdates } from './use-live-updates.js';

const HOUR_WIDTH = 96;

/**
 * The charge nurse's chair board: chairs down, the day across in the location's zone, live. The day
 * is today at the location unless the URL names another (`?date=YYYY-MM-DD`), so a reload and the
 * back button keep the day shown.
 */
export function TodayScreen() {
  const { t, locale, has } = useI18n();
  const { location } = useCurrentLocation();
  const [params, setParams] = useSearchParams();
  const today = location ? localDate(new Date(), location.timeZone) : '';
  const date = shownDay(params.get('date')) ?? today;
  const board = useQuery({
    queryKey: ['board', location?.id, date],
    queryFn: () => api<ComposedDayBoard>(`/api/board/${location!.id}?date=${date}`),
    enabled: !!location,
  });
  // Every day of the location is read again on a change (only the shown one is on screen): keys
  // that do not name the day keep the live stream open while the user moves between days. A change
  // may also bring or settle a re-plan proposal: the list is read again with the board.
  const live = useLiveUpdates(location?.id, ['board', location?.id], ['replans', location?.id]);

  const sessions = useMemo(
    () =>
      board.data
        ? withAnnounced(board.data.board.sessions, live.announced, (event) =>
            announcedFor(event, date, board.data.location.timeZone),
          )
        : [],
    [board.data, live.announced, date],
  );
  // The bar clicked; kept as last seen so the panel stays open when a cancellation takes the bar away.
  const [selected, setSelected] = useState<BoardSession | undefined>();
  // Another day is a new history entry: the back button returns to the day before. Today is the bare URL.
  const showDay = (day: string) => {
    setSelected(undefined);
    setParams(day === today ? {} : { date: day });
  };
  if (!location) return null;
  const navigation = <DayNavigation date={date} today={today} timeZone={location.timeZone} onDay={showDay} />;
  if (board.isPending)
    return (
      <Stack gap="sm">
        {navigation}
        <Loading />
      </Stack>
    );
  if (board.error)
    return (
      <Stack gap="sm">
        {navigation}
        <ErrorState error={board.error} retry={() => void board.refetch()} />
      </Stack>
    );

  const { timeZone } = board.data.location;
  const nurses = new Map(board.data.board.nurses.map((n) => [n.nurseId, n.displayName]));
  const label = (key: string): string => (has(key) ? t(key) : key);
  const patientName = (patientId: string): string => patientNameOn(board.data, patientId, t);
  const axis = new DayAxis(date, timeZone);
  const hours = axis.hours(
    sessions.map((s) => axis.minutes(s.plannedStartsAt)),
    sessions.map((s) => axis.minutes(s.projectedEndsAt)),
    locale,
  );
  const first = hours[0]?.minutes ?? 0;
  const last = first + hours.length * 60;
  // The red line of now only on today's board.
  const nowMinutes = date === today ? axis.minutes(new Date()) : undefined;
  const x = (minutes: number) => ((minutes - first) / 60) * HOUR_WIDTH;
  // The zone as it is on the shown day (its DST abbreviation may differ from today's).
  const noon = new Date(localToInstant(`${date}T12:00`, timeZone));
  const liveKey: MessageKey = `today.live.${live.state}`;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('today.title', { location: board.data.location.name })}</Title>
        <Group gap="xs">
          <Text size="sm" data-testid="board-zone" data-date={date} data-hours={axis.length / 60}>
            {t('today.timezone', { zone: `${timeZone} (${zoneAbbreviation(noon, timeZone, locale)})` })} · {date}
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
      {navigation}
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
            <Box
              style={{ position: 'relative', height: 20, width: hours.length * HOUR_WIDTH }}
              aria-hidden
              data-testid="board-hours"
            >
              {hours.map((h) => (
                <Text key={h.minutes} size="xs" style={{ position: 'absolute', left: x(h.minutes) }} data-minutes={h.minutes}>
                  {h.label}
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
                {nowMinutes !== undefined && nowMinutes >= first && nowMinutes <= last && (
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
                      left={x(axis.minutes(s.plannedStartsAt))}
                      width={Math.max(24, x(axis.minutes(s.projectedEndsAt)) - x(axis.minutes(s.plannedStartsAt)))}
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

/**
 * The day shown, and the ways to another: the previous and next day, back to today, and a date
 * picker (the browser's own date input: typed or picked, keyboard operable). Days are the
 * location's, whatever the browser's zone; the board header names the zone.
 */
function DayNavigation(props: { date: string; today: string; timeZone: string; onDay: (day: string) => void }) {
  const { t, locale } = useI18n();
  // The calendar date in words; the date alone (noon UTC) carries no zone of its own.
  const spoken = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${props.date}T12:00:00Z`));
  return (
    <Group gap="xs" align="flex-end" component="nav" aria-label={t('today.day.navigation')} data-testid="day-navigation">
      <Button variant="default" onClick={() => props.onDay(addDays(props.date, -1))}>
        <span aria-hidden>‹&nbsp;</span>
        {t('today.day.previous')}
      </Button>
      <TextInput
        type="date"
        label={t('today.date')}
        value={props.date}
        min="1900-01-01"
        max="2200-12-31"
        onChange={(e) => {
          const day = shownDay(e.currentTarget.value);
          if (day) props.onDay(day);
        }}
        w={170}
      />
      <Button variant="default" onClick={() => props.onDay(addDays(props.date, 1))}>
        {t('today.day.next')}
        <span aria-hidden>&nbsp;›</span>
      </Button>
      <Button variant="light" onClick={() => props.onDay(props.today)} disabled={props.date === props.today}>
        {t('today.day.today')}
      </Button>
      <Text size="sm" fw={600} role="status" data-testid="shown-day">
        {props.date === props.today ? t('today.day.isToday', { day: spoken }) : spoken}
      </Text>
    </Group>
  );
}
