import { Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatTime, localDate } from '../../time/zoned.js';
import { type BoardSession, patientNameOn } from '../today/board.js';
import { readBoardOnMount } from '../today/early-board.js';
import { readBoard } from '../today/read-board.js';
import { useLiveUpdates } from '../today/use-live-updates.js';
import { useSessionDetails, useSessionStep } from './session.js';
import { SessionLog } from './SessionLog.js';
import {
  AccessForm,
  DischargeForm,
  MedicationForm,
  RateForm,
  ReactionForm,
  ReasonForm,
  StartForm,
  type Submit,
} from './StepForms.js';
import { VitalsForm } from './VitalsForm.js';

const GONE = new Set(['no_show', 'cancelled']);

/**
 * Whose patients the tablet lists: a nurse's own, or everyone's (''). Remembered per location on
 * this device, because a chairside tablet is one nurse's for a shift, and the nurse's sign-in is not
 * linked to a nurse of the rota (the rota's nurses are scheduling's, the sign-in the hospital's).
 */
function useShownNurse(locationId: string | undefined): [string, (nurseId: string) => void] {
  const key = `chairside.nurse.${locationId ?? ''}`;
  const [nurseId, setNurseId] = useState(() => window.localStorage.getItem(key) ?? '');
  const [forKey, setForKey] = useState(key);
  if (forKey !== key) {
    setForKey(key);
    setNurseId(window.localStorage.getItem(key) ?? '');
  }
  return [
    nurseId,
    (chosen) => {
      window.localStorage.setItem(key, chosen);
      setNurseId(chosen);
    },
  ];
}
/** Steps a nurse takes with one touch (the API path of each). */
const ONE_TOUCH: Record<string, string> = {
  'check-in': 'check-in',
  seat: 'seat',
  'drug-ready': 'drug-ready',
  complete: 'complete',
};
/** Steps that need details: one touch opens their form (in this order on the screen). */
const WITH_DETAILS = [
  'establish-access',
  'start',
  'record-reaction',
  'record-medication',
  'pause',
  'resume',
  'change-rate',
  'stop',
  'discharge',
] as const;
type Detailed = (typeof WITH_DETAILS)[number];

/**
 * The infusion nurse at the chair (a tablet, 1024×768, touch): today's patients, and for the one
 * chosen the whole infusion: the steps the session takes now as large buttons, the forms of those
 * that need details (access, rate, reaction with the protocol's advice, medication, discharge),
 * vital signs with their alert ranges, and the log with its corrections.
 */
export function ChairsideScreen() {
  const { t, locale, has } = useI18n();
  const { therapyName } = useTherapies();
  const { location } = useCurrentLocation();
  const date = location ? localDate(new Date(), location.timeZone) : '';
  const boardKey = ['board', location?.id, date] as const;
  const board = useQuery({
    queryKey: boardKey,
    queryFn: ({ queryKey }) => readBoard(queryKey, location!.id, date),
    enabled: !!location,
    refetchOnMount: readBoardOnMount,
  });
  useLiveUpdates(location?.id, boardKey);
  const [selected, setSelected] = useState<string | undefined>();
  const [form, setForm] = useState<Detailed | undefined>();
  const [lastDone, setLastDone] = useState<string | undefined>();
  const [shownNurse, setShownNurse] = useShownNurse(location?.id);
  const onBoard = board.data?.board.sessions.find((s) => s.appointmentId === selected);
  const details = useSessionDetails(location?.id ?? '', selected, `${onBoard?.status}:${onBoard?.allowedNext.join()}`);
  const step = useSessionStep(location?.id ?? '', details.data, boardKey);

  if (!location) return null;
  if (board.isPending) return <Loading />;
  if (board.error) return <ErrorState error={board.error} retry={() => void board.refetch()} />;
  const { timeZone } = board.data.location;
  const label = (key: string): string => (has(key) ? t(key) : key);
  const chairs = new Map(board.data.board.chairs.map((c) => [c.chairId, c.label]));
  const nurses = board.data.board.nurses;
  // A nurse remembered from another day who is not on today's rota: everyone's patients.
  const nurse = nurses.find((n) => n.nurseId === shownNurse);
  // Discharged patients stay listed (last) so their record can still be read.
  const mine = board.data.board.sessions
    .filter((s) => !GONE.has(s.status) && (!nurse || s.nurseId === nurse.nurseId))
    .sort((a, b) => Number(a.status === 'discharged') - Number(b.status === 'discharged'));
  const patientOf = (s: BoardSession) => patientNameOn(board.data, s.patientId, t);
  const session = details.data;
  const allowed = session?.allowedNext ?? [];
  const oneTouch = allowed.filter((k) => k in ONE_TOUCH);
  const detailed = WITH_DETAILS.filter((k) => allowed.includes(k));
  const submit: Submit = (path, body) => {
    const submittedFrom = form;
    step.mutate(
      { path, body },
      {
        onSuccess: () => {
          // Close the form that was sent, not one the nurse opened since: the live board can show the
          // new state before this answer arrives, and a tap on the next step must not be undone.
          setForm((current) => (current === submittedFrom ? undefined : current));
          setLastDone(path);
        },
      },
    );
  };
  // A step is sent with the version of the session shown (If-Match). While the session is read
  // again, what is shown may be an earlier read (after a correction the same status comes back, and
  // with it that status's older read from the cache): a step then would be refused as changed by
  // someone else, though nobody else changed it. So the steps wait for the read.
  const busy = step.isPending || details.isFetching;
  const formProps = session ? { session, submit, pending: busy } : undefined;

  return (
    <Stack gap="md">
      <Title order={2}>{t('chairside.title', { location: board.data.location.name })}</Title>
      <NativeSelect
        size="lg"
        maw={420}
        label={t('chairside.patientsOf')}
        value={nurse?.nurseId ?? ''}
        onChange={(e) => setShownNurse(e.currentTarget.value)}
        data={[
          { value: '', label: t('chairside.allNurses') },
          ...nurses.map((n) => ({ value: n.nurseId, label: n.displayName })),
        ]}
        data-testid="chairside-nurse"
      />
      {mine.length === 0 && <Text>{nurse ? t('chairside.noneFor', { nurse: nurse.displayName }) : t('chairside.none')}</Text>}
      <SimpleGrid
        component="ul"
        cols={{ base: 2, md: 3 }}
        aria-label={t('chairside.patients')}
        style={{ listStyle: 'none', padding: 0 }}
      >
        {mine.map((s) => (
          <li key={s.appointmentId}>
            <UnstyledButton
              w="100%"
              onClick={() => {
                setSelected(s.appointmentId);
                setForm(undefined);
                setLastDone(undefined);
                step.reset();
              }}
              aria-pressed={s.appointmentId === selected}
              data-appointment={s.appointmentId}
              data-nurse={s.nurseId}
              p="md"
              style={{
                border: `2px solid var(--mantine-color-${s.appointmentId === selected ? 'indigo-8' : 'gray-4'})`,
                borderRadius: 8,
                minHeight: 88,
              }}
            >
              <Text fw={700}>{patientOf(s)}</Text>
              <Text size="sm">
                {therapyName(s.therapyId ?? s.therapyCode)} · {chairs.get(s.chairId) ?? ''} ·{' '}
                {formatTime(s.plannedStartsAt, timeZone, locale)}
              </Text>
              <Text size="sm" data-testid="chairside-status">
                {label(`status.${s.status}`)}
                {s.flags.length > 0 && ` · ${s.flags.map((f) => label(`today.flags.${f}`)).join(', ')}`}
              </Text>
            </UnstyledButton>
          </li>
        ))}
      </SimpleGrid>

      {onBoard && (
        <Stack gap="md" component="section" aria-label={t('chairside.selected', { patient: patientOf(onBoard) })}>
          {details.isPending && <Loading />}
          {details.error && <ErrorState error={details.error} retry={() => void details.refetch()} />}
          {session && formProps && (
            <>
              <Paper withBorder p="md">
                <Group justify="space-between">
                  <Title order={3} size="h4">
                    {patientOf(onBoard)}
                  </Title>
                  <Group gap="xs" data-testid="session-state">
                    <Badge size="lg" color="indigo.8">
                      {label(`status.${session.status}`)}
                    </Badge>
                    {session.highestReactionGrade > 0 && (
                      <Badge size="lg" color="red.9">
                        {t('chairside.log.grade', { grade: session.highestReactionGrade })}
                      </Badge>
                    )}
                    {(session.status === 'infusing' || session.status === 'paused') && (
                      <Badge size="lg" color="dark.7">
                        {t('chairside.rateNow', { percent: session.ratePercent })}
                      </Badge>
                    )}
                  </Group>
                </Group>
                {session.pauseReason && <Text size="sm">{t('chairside.pausedFor', { reason: session.pauseReason })}</Text>}
                {session.stopReason && <Text size="sm">{t('chairside.stoppedFor', { reason: session.stopReason })}</Text>}
                {session.nextVitalsDueAt && (
                  <Text size="sm">
                    {t('chairside.vitalsDue', { time: formatTime(session.nextVitalsDueAt, timeZone, locale) })}
                  </Text>
                )}

                <Title order={4} mt="md">
                  {t('chairside.next')}
                </Title>
                <Group gap="md" mt="sm">
                  {oneTouch.map((kind) => (
                    <Button key={kind} size="xl" onClick={() => submit(ONE_TOUCH[kind]!, {})} loading={busy}>
                      {t(`chairside.step.${kind}` as MessageKey)}
                    </Button>
                  ))}
                  {detailed.map((kind) => (
                    <Button
                      key={kind}
                      size="xl"
                      // "default" (dark text on white) when closed: the light variant's text is under AA contrast.
                      variant={form === kind ? 'filled' : 'default'}
                      color="indigo.8"
                      aria-expanded={form === kind}
                      onClick={() => setForm(form === kind ? undefined : kind)}
                    >
                      {t(`chairside.open.${kind}` as MessageKey)}
                    </Button>
                  ))}
                  {allowed.length === 0 && <Text>{t('chairside.noStep')}</Text>}
                </Group>
                {lastDone && !step.isPending && !step.error && (
                  <Text mt="sm" role="status" data-testid="step-done">
                    {t('chairside.done')}
                  </Text>
                )}
                {step.error && <ErrorState error={step.error} retry={() => void details.refetch()} />}
              </Paper>

              {form === 'establish-access' && <AccessForm {...formProps} />}
              {form === 'start' && <StartForm {...formProps} />}
              {form === 'record-reaction' && <ReactionForm {...formProps} />}
              {form === 'record-medication' && <MedicationForm {...formProps} />}
              {form === 'pause' && <ReasonForm kind="pause" {...formProps} />}
              {form === 'stop' && <ReasonForm kind="stop" {...formProps} />}
              {form === 'resume' && <RateForm kind="resume" {...formProps} />}
              {form === 'change-rate' && <RateForm kind="rate" {...formProps} />}
              {form === 'discharge' && <DischargeForm {...formProps} />}

              {allowed.includes('record-vitals') && (
                <VitalsForm key={session.vitals.length} submit={submit} pending={busy} recorded={lastDone === 'vitals'} />
              )}
              <SessionLog session={session} timeZone={timeZone} submit={submit} pending={busy} />
            </>
          )}
        </Stack>
      )}
    </Stack>
  );
}
