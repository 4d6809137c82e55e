import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type RefObject, useEffect, useRef, useState } from 'react';
import type { components } from '../../api/generated/scheduling.js';
import { data, scheduling } from '../../api/typed.js';
import { therapyBody, useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatDateTime } from '../../time/zoned.js';
import { TreatmentPlan } from '../patients/TreatmentPlan.js';
import type { RecordTreatmentPlan } from './patient-record.js';
import { intervalDays, planDates } from './plan-dates.js';
import { ProblemText } from './ProblemText.js';

type PlanView = components['schemas']['TreatmentPlanView'];

/** What the scheduler asked for, with the dates it makes: confirmed as shown, or not at all. */
interface Proposal {
  therapy: string;
  doses: number;
  interval: number;
  dates: string[];
  /** One booking per proposal: a retry or a second press books nothing twice. */
  idempotencyKey: string;
}

const UNITS = ['weeks', 'days'] as const;
/** Days a dose may move either way when its own time is taken (scheduling's default, said on screen). */
export const PLAN_TOLERANCE_DAYS = 2;

/**
 * A treatment plan booked from Book: one therapy every N days or weeks, a number of cycles, the
 * first at a date and time of the location (its zone, whatever the browser's). The dates asked for
 * are shown before anything is booked; scheduling then books each dose where it can (a dose whose
 * time is taken moves up to two days either way) and says which it could not place. The patient's
 * plans here are listed below, each with its doses, to move or cancel.
 */
export function BookPlan(props: {
  locationId: string;
  locationName: string;
  timeZone: string;
  zone: string;
  patient: { id: string; name: string };
  /** The therapy picked for a single appointment: the plan starts with it. */
  therapy: string | null;
  plans: RecordTreatmentPlan[] | undefined;
  onChanged: () => void;
}) {
  const { t, locale, has } = useI18n();
  const catalog = useTherapies();
  const { timeZone } = props;
  const [form, setForm] = useState<{
    /** Undefined until chosen here: the plan follows the therapy picked above. */
    therapy: string | null | undefined;
    first: string;
    every: number | '';
    unit: (typeof UNITS)[number];
    cycles: number | '';
  }>({ therapy: undefined, first: '', every: 3, unit: 'weeks', cycles: 6 });
  const therapy = form.therapy === undefined ? props.therapy : form.therapy;
  const [proposal, setProposal] = useState<Proposal | undefined>();
  const resultRef = useRef<HTMLDivElement>(null);
  const book = useMutation({
    mutationFn: (p: Proposal) =>
      data(
        scheduling.POST('/locations/{locationId}/treatment-plans', {
          params: { path: { locationId: props.locationId }, header: { 'Idempotency-Key': p.idempotencyKey } },
          body: {
            patientId: props.patient.id,
            ...therapyBody(p.therapy),
            doses: p.doses,
            intervalDays: p.interval,
            firstStartsAt: p.dates[0]!,
            toleranceDays: PLAN_TOLERANCE_DAYS,
          },
        }),
      ),
    onSuccess: props.onChanged,
  });
  // Any change to the form takes the dates shown away: what is booked is always what was shown.
  const change = (next: Partial<typeof form>) => {
    setForm({ ...form, ...next });
    setProposal(undefined);
    book.reset();
  };
  useEffect(() => {
    if (book.data) resultRef.current?.focus();
  }, [book.data]);
  const state = (s: string) => {
    const key = `plan.state.${s}`;
    return has(key) ? t(key) : s;
  };
  const when = (instant: string) => `${formatDateTime(instant, timeZone, locale)} ${props.zone}`;
  const plansHere = (props.plans ?? []).filter((p) => p.locationId === props.locationId);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="book-plan" data-testid="book-plan">
      <Title order={3} size="h4" id="book-plan">
        {t('book.plan.title')}
      </Title>
      <Text size="sm" mb="xs">
        {t('book.plan.explain', { name: props.patient.name, location: props.locationName, days: PLAN_TOLERANCE_DAYS })}
      </Text>
      <form
        aria-label={t('book.plan.title')}
        onSubmit={(event) => {
          event.preventDefault();
          if (!therapy || !form.first || form.every === '' || form.cycles === '') return;
          const interval = intervalDays(form.every, form.unit);
          setProposal({
            therapy,
            doses: form.cycles,
            interval,
            dates: planDates(form.first, interval, form.cycles, timeZone),
            idempotencyKey: crypto.randomUUID(),
          });
          book.reset();
        }}
      >
        <Group align="flex-end">
          <Select
            label={t('book.plan.therapy')}
            data={catalog.therapies.map((c) => ({ value: c.key, label: c.name }))}
            value={therapy}
            onChange={(value) => change({ therapy: value })}
            required
            searchable
            data-testid="book-plan-therapy"
          />
          <TextInput
            type="datetime-local"
            required
            label={t('book.plan.first', { zone: props.zone })}
            value={form.first}
            onChange={(e) => change({ first: e.currentTarget.value })}
          />
        </Group>
        <Group align="flex-end" mt="xs">
          <NumberInput
            required
            min={1}
            max={365}
            allowDecimal={false}
            label={t('book.plan.every')}
            value={form.every}
            onChange={(v) => change({ every: typeof v === 'number' ? v : '' })}
            w={120}
          />
          <NativeSelect
            label={t('book.plan.unit')}
            value={form.unit}
            onChange={(e) => change({ unit: e.currentTarget.value as (typeof UNITS)[number] })}
            data={UNITS.map((u) => ({ value: u, label: t(`book.plan.unit.${u}`) }))}
          />
          <NumberInput
            required
            min={1}
            max={52}
            allowDecimal={false}
            label={t('book.plan.cycles')}
            value={form.cycles}
            onChange={(v) => change({ cycles: typeof v === 'number' ? v : '' })}
            w={160}
          />
          <Button type="submit" variant="default" disabled={!therapy}>
            {t('book.plan.preview')}
          </Button>
        </Group>
      </form>
      {catalog.error && <ProblemText error={catalog.error} />}

      {proposal && !book.data && (
        <Stack gap="xs" mt="sm" data-testid="plan-proposed">
          <Text size="sm" fw={600}>
            {t('book.plan.proposed', {
              count: proposal.doses,
              therapy: catalog.therapyName(proposal.therapy),
              days: proposal.interval,
              zone: props.zone,
            })}
          </Text>
          <Stack component="ol" gap={2} style={{ margin: 0 }}>
            {proposal.dates.map((instant, i) => (
              <Text component="li" size="sm" key={instant} data-dose={i + 1} data-starts={instant}>
                {formatDateTime(instant, timeZone, locale)}
              </Text>
            ))}
          </Stack>
          <Group>
            <Button onClick={() => book.mutate(proposal)} loading={book.isPending}>
              {t('book.plan.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
      {book.error && <ProblemText error={book.error} testId="plan-problem" />}
      {book.data && <Booked plan={book.data} when={when} state={state} resultRef={resultRef} />}

      {plansHere.length > 0 && (
        <Stack gap="xs" mt="md" component="section" aria-label={t('book.plans.current', { location: props.locationName })}>
          <Text size="sm" fw={600}>
            {t('book.plans.current', { location: props.locationName })}
          </Text>
          {plansHere.map((p) => (
            <TreatmentPlan
              key={p.id}
              planId={p.id}
              locationId={p.locationId}
              timeZone={timeZone}
              summary={t('patients.plan', {
                therapy: catalog.therapyName(p.therapyId ?? p.therapyCode),
                doses: p.doses,
                days: p.intervalDays,
                unplaced: p.unplacedDoses,
              })}
              onChanged={props.onChanged}
            />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** The plan as scheduling booked it: every dose with its state and time, or why it was not placed. */
function Booked({
  plan,
  when,
  state,
  resultRef,
}: {
  plan: PlanView;
  when: (instant: string) => string;
  state: (s: string) => string;
  resultRef: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useI18n();
  return (
    <Alert
      color={plan.unplaced.length === 0 ? 'green' : 'yellow'}
      mt="sm"
      role="status"
      data-testid="plan-booked"
      data-plan={plan.id}
      ref={resultRef}
      tabIndex={-1}
    >
      <Text c="dark.9" size="sm">
        {t('book.plan.booked', { placed: plan.placed.length, doses: plan.doses })}
      </Text>
      <Table mt="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('plan.dose')}</Table.Th>
            <Table.Th>{t('plan.state')}</Table.Th>
            <Table.Th>{t('book.plan.at')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.series.map((d) => (
            <Table.Tr key={d.dose} data-dose={d.dose} data-state={d.state} data-appointment={d.appointmentId ?? undefined}>
              <Table.Td>{d.dose}</Table.Td>
              <Table.Td>
                <Badge variant="outline" color="dark.7">
                  {state(d.state)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {d.startsAt
                  ? when(d.startsAt)
                  : d.targetStartsAt
                    ? t('plan.notPlaced', { time: when(d.targetStartsAt), reason: d.reason ?? '' })
                    : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}
