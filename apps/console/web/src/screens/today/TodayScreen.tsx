import { Badge, Button, Group, Paper, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { forwardRef, memo, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatDateTime, formatTime, localDate, localToInstant, zoneAbbreviation } from '../../time/zoned.js';
import { AppointmentPanel } from './AppointmentPanel.js';
import { type BoardSession, patientNameOn, STATUS_STYLE, withAnnounced } from './board.js';
import { readBoardOnMount } from './early-board.js';
import { readBoard } from './read-board.js';
import { addDays, announcedFor, DayAxis, shownDay } from './board-day.js';
import { atRiskOf, capacities, outagesByChair } from './board-resources.js';
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
  const { therapyName } = useTherapies();
  const [params, setParams] = useSearchParams();
  const today = location ? localDate(new Date(), location.timeZone) : '';
  const date = shownDay(params.get('date')) ?? today;
  const board = useQuery({
    queryKey: ['board', location?.id, date],
    queryFn: ({ queryKey }) => readBoard(queryKey, location!.id, date),
    enabled: !!location,
    refetchOnMount: readBoardOnMount,
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
  const atRisk = useMemo(() => atRiskOf(sessions, board.data?.resources), [sessions, board.data?.resources]);
  // The bar clicked; kept as last seen so the panel stays open when a cancellation takes the bar away.
  const [selected, setSelected] = useState<BoardSession | undefined>();
  const openBar = useCallback((session: BoardSession) => setSelected(session), []);
  // A link from another screen (a Queues item: `&appointment=<id>`) opens that appointment's panel
  // once the board shows it; once per link, so closing the panel keeps it closed.
  const linked = params.get('appointment');
  const openedLink = useRef<string | null>(null);
  useEffect(() => {
    const session = linked && linked !== openedLink.current ? sessions.find((s) => s.appointmentId === linked) : undefined;
    if (!session) return;
    openedLink.current = linked;
    setSelected(session);
  }, [linked, sessions]);
  const tipRef = useRef<TipHandle>(null);
  // Stable, so no bar renders again for the tooltip: it is one element for the whole board.
  const tip = useMemo<TipHandle>(
    () => ({ show: (target, text) => tipRef.current?.show(target, text), hide: () => tipRef.current?.hide() }),
    [],
  );
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
  const nowX = nowMinutes !== undefined && nowMinutes >= first && nowMinutes <= last ? x(nowMinutes) : undefined;
  const laneWidth = hours.length * HOUR_WIDTH;
  // Each bar's words, once per render; a bar whose words and session are unchanged is not drawn again.
  const barsByChair = new Map<string, BarProps[]>();
  for (const s of sessions) {
    const style = STATUS_STYLE[s.status] ?? { color: 'gray', symbol: '?' };
    const patient = patientName(s.patientId);
    const therapy = therapyName(s.therapyId ?? s.therapyCode);
    const nurse = nurses.get(s.nurseId) ?? s.nurseId.slice(0, 8);
    const status = label(`status.${s.status}`);
    // A severe reaction first: the detail line is cut at the bar's end, and it must not be the part cut.
    const flags = [...s.flags]
      .sort((a, b) => Number(b === 'severe-reaction') - Number(a === 'severe-reaction'))
      .map((f) => label(`today.flags.${f}`));
    const risks = atRisk.get(s.appointmentId) ?? [];
    if (risks.length) flags.push(t('today.atRisk', { reasons: risks.map((r) => label(`today.atRisk.${r}`)).join(', ') }));
    const description = t('today.bar', {
      patient,
      therapy,
      start: formatTime(s.plannedStartsAt, timeZone, locale),
      end: formatTime(s.projectedEndsAt, timeZone, locale),
      status,
      nurse,
    });
    const start = x(axis.minutes(s.plannedStartsAt));
    const bar: BarProps = {
      session: s,
      left: start,
      width: Math.max(24, x(axis.minutes(s.projectedEndsAt)) - start),
      color: style.color,
      symbol: style.symbol,
      severe: s.flags.includes('severe-reaction'),
      title: `${patient} · ${therapy}`,
      detail: `${status} · ${nurse}${flags.length > 0 ? ` · ⚠ ${flags.join(', ')}` : ''}`,
      spoken: [description, ...flags].join(', '),
      tooltip: [description, ...flags].join(' · '),
      onOpen: openBar,
      tip,
    };
    const row = barsByChair.get(s.chairId);
    if (row) row.push(bar);
    else barsByChair.set(s.chairId, [bar]);
  }
  // Each chair's outages: in words in the chair's cell, and a hatched span of the lane (clipped to the hours drawn).
  const time = (instant: string) =>
    localDate(new Date(instant), timeZone) === date
      ? formatTime(instant, timeZone, locale)
      : formatDateTime(instant, timeZone, locale);
  const outagesOf = new Map<string, OutageSpan[]>();
  for (const [chairId, outages] of outagesByChair(board.data.resources)) {
    outagesOf.set(
      chairId,
      outages.map((o) => {
        const left = x(Math.max(first, axis.minutes(o.from)));
        return {
          id: o.outageId,
          text: t('today.outOfService', { from: time(o.from), to: time(o.to), reason: o.reason }),
          left,
          width: Math.max(0, x(Math.min(last, axis.minutes(o.to))) - left),
        };
      }),
    );
  }
  const capacityOf = capacities(board.data.resources);
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
        therapyName={therapyName}
      />
      {board.data.patientsTruncated && <Text size="sm">{t('today.patientsTruncated')}</Text>}
      {sessions.length === 0 && <Text data-testid="board-empty">{t('today.empty')}</Text>}
      <ScrollArea type="auto">
        <section
          aria-label={t('today.chairs')}
          className="board"
          style={{ minWidth: CHAIR_WIDTH + hours.length * HOUR_WIDTH }}
          data-testid="board"
        >
          <div className="board-row board-row--head">
            <div className="board-chair board-chair--head">{t('today.chair')}</div>
            <div className="board-lane board-lane--hours" style={{ width: laneWidth }} aria-hidden data-testid="board-hours">
              {hours.map((h) => (
                <span key={h.minutes} className="board-hour" style={{ left: x(h.minutes) }} data-minutes={h.minutes}>
                  {h.label}
                </span>
              ))}
            </div>
          </div>
          {board.data.board.chairs.map((chair) => (
            <BoardRow
              key={chair.chairId}
              chairId={chair.chairId}
              label={chair.label}
              bars={barsByChair.get(chair.chairId) ?? NO_BARS}
              outages={outagesOf.get(chair.chairId) ?? NO_OUTAGES}
              laneWidth={laneWidth}
              now={nowX}
              onOpen={openBar}
              tip={tip}
            />
          ))}
        </section>
      </ScrollArea>
      <BoardTooltip ref={tipRef} />
      <AppointmentPanel
        session={selected && (sessions.find((s) => s.appointmentId === selected.appointmentId) ?? selected)}
        board={board.data}
        patientName={patientName}
        therapyName={therapyName}
        onClose={() => setSelected(undefined)}
      />
      <Paper withBorder p="sm">
        <Title order={3} size="h4">
          {t('today.nurses')}
        </Title>
        <Table data-testid="nurse-load">
          <Table.Tbody>
            {board.data.board.nurses.map((n) => {
              const capacity = capacityOf.get(n.nurseId);
              return (
                <Table.Tr key={n.nurseId} data-nurse={n.nurseId}>
                  <Table.Td>
                    {capacity === undefined
                      ? t('today.nurseLoad', { name: n.displayName, count: n.patientsInChair })
                      : t('today.nurseLoadOf', { name: n.displayName, count: n.patientsInChair, capacity })}
                    {capacity !== undefined && n.patientsInChair > capacity && (
                      <Text span fw={700} c="red.9" data-testid="over-capacity">
                        {' · ⚠ '}
                        {t('today.nurseOverCapacity')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

const CHAIR_WIDTH = 140;
const NO_BARS: BarProps[] = [];
const NO_OUTAGES: OutageSpan[] = [];

/** A chair's outage on the shown day: its words, and where its hatched span lies in the lane. */
interface OutageSpan {
  id: string;
  text: string;
  left: number;
  width: number;
}

interface TipHandle {
  show: (target: HTMLElement, text: string) => void;
  hide: () => void;
}

/** One chair's line of the board; drawn again only when its bars or the now line change. */
const BoardRow = memo(function BoardRow(props: {
  chairId: string;
  label: string;
  bars: BarProps[];
  outages: OutageSpan[];
  laneWidth: number;
  now: number | undefined;
  onOpen: (session: BoardSession) => void;
  tip: TipHandle;
}) {
  return (
    <div role="group" aria-label={props.label} data-chair={props.chairId} className="board-row">
      <div className="board-chair">
        {props.label}
        {props.outages.map((o) => (
          <span key={o.id} className="board-chair-out" data-testid="chair-out-of-service">
            <span aria-hidden>⊘ </span>
            {o.text}
          </span>
        ))}
      </div>
      <div className="board-lane" style={{ width: props.laneWidth }}>
        {props.outages.map(
          (o) =>
            o.width > 0 && (
              <div
                key={o.id}
                aria-hidden
                className="board-outage"
                data-outage={o.id}
                style={{ left: o.left, width: o.width }}
                title={o.text}
              />
            ),
        )}
        {props.now !== undefined && <div aria-hidden className="board-now" style={{ left: props.now }} />}
        {props.bars.map((bar) => (
          <Bar key={bar.session.appointmentId} {...bar} />
        ))}
      </div>
    </div>
  );
});

interface BarProps {
  session: BoardSession;
  left: number;
  width: number;
  color: string;
  symbol: string;
  /** A severe reaction (CTCAE grade 3+): outlined as well as named in the detail line. */
  severe: boolean;
  /** The bar's two visible lines: who and what; status, nurse and flags. */
  title: string;
  detail: string;
  /** Read by assistive technology (the button's name): the whole description and the flags. */
  spoken: string;
  tooltip: string;
  onOpen: (session: BoardSession) => void;
  tip: TipHandle;
}

/**
 * An appointment's bar: a plain button (a board holds a hundred and more, so no component library
 * per bar), its status in a symbol and words as well as its colour.
 */
const Bar = memo(function Bar(props: BarProps) {
  const show = (e: { currentTarget: HTMLElement }) => props.tip.show(e.currentTarget, props.tooltip);
  return (
    <button
      type="button"
      className={props.severe ? 'board-bar board-bar--severe' : 'board-bar'}
      data-appointment={props.session.appointmentId}
      data-status={props.session.status}
      aria-haspopup="dialog"
      onClick={() => props.onOpen(props.session)}
      onMouseEnter={show}
      onFocus={show}
      onMouseLeave={props.tip.hide}
      onBlur={props.tip.hide}
      style={{
        left: props.left,
        width: props.width,
        background: `var(--mantine-color-${props.color}-1)`,
        borderLeftColor: `var(--mantine-color-${props.color}-8)`,
      }}
    >
      <span className="board-bar-line board-bar-title">
        <span aria-hidden>{props.symbol}</span> {props.title}
      </span>
      <span className="board-bar-line">{props.detail}</span>
      <span className="visually-hidden">{props.spoken}</span>
    </button>
  );
});

/**
 * The board's one tooltip: the bar's whole description where the pointer or the keyboard focus
 * is. It stays while the pointer moves onto it, and Escape hides it (WCAG 1.4.13).
 */
const BoardTooltip = forwardRef<TipHandle>(function BoardTooltip(_props, ref) {
  const [shown, setShown] = useState<{ text: string; top: number; left: number } | undefined>();
  const hideTimer = useRef<number | undefined>(undefined);
  useImperativeHandle(
    ref,
    () => ({
      show: (target, text) => {
        window.clearTimeout(hideTimer.current);
        const rect = target.getBoundingClientRect();
        setShown({ text, top: rect.bottom + 4, left: Math.max(4, rect.left) });
      },
      // A moment's grace: the pointer may be on its way onto the tooltip.
      hide: () => {
        window.clearTimeout(hideTimer.current);
        hideTimer.current = window.setTimeout(() => setShown(undefined), 100);
      },
    }),
    [],
  );
  useEffect(() => {
    if (!shown) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setShown(undefined);
    };
    // Scrolling moves the bar away from where the tooltip was put.
    const onScroll = () => setShown(undefined);
    document.addEventListener('keydown', onKey);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [shown]);
  useEffect(() => () => window.clearTimeout(hideTimer.current), []);
  if (!shown) return null;
  return (
    <div
      role="tooltip"
      className="board-tooltip"
      data-testid="board-tooltip"
      style={{ top: shown.top, left: shown.left }}
      onMouseEnter={() => window.clearTimeout(hideTimer.current)}
      onMouseLeave={() => setShown(undefined)}
    >
      {shown.text}
    </div>
  );
});

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
