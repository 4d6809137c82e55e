import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '../../api/generated/scheduling.js';
import { data, scheduling } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { ProblemAlert } from '../appointments/AppointmentActions.js';
import { type AffectedAppointment, AffectedAppointments } from './AffectedAppointments.js';
import type { Names } from './Chairs.js';

/** Scheduling's closure (GET /locations/{id}/closures): a local date, local times for part of a day, and its version. */
type Closure = components['schemas']['ClosureView'];
type ChangedClosure = components['schemas']['ChangedClosureView'];

/** What the last change or removal answered, to list the appointments it reached. */
type Outcome = { kind: 'changed'; closure: ChangedClosure } | { kind: 'removed'; what: string; unflagged: AffectedAppointment[] };

type Describe = (c: Pick<Closure, 'date' | 'from' | 'to' | 'reason'>) => string;

/** An end needs a start, and comes after it. */
const badTimes = (from: string, to: string) => (!from && !!to) || (!!from && !!to && to <= from);

/** A closure's fields as typed: a local date, local times (both empty for the whole day), a reason. */
interface ClosureForm {
  date: string;
  from: string;
  to: string;
  reason: string;
}
type ClosureLabels = Record<keyof ClosureForm, MessageKey>;
const ADD_LABELS: ClosureLabels = {
  date: 'setup.closure.date',
  from: 'setup.closure.from',
  to: 'setup.closure.to',
  reason: 'setup.closure.reason',
};
const EDIT_LABELS: ClosureLabels = {
  date: 'setup.closure.newDate',
  from: 'setup.closure.newFrom',
  to: 'setup.closure.newTo',
  reason: 'setup.closure.newReason',
};

/** The same fields when adding a closure and when changing one; only their labels differ. */
function ClosureFields({
  form,
  setForm,
  labels,
}: {
  form: ClosureForm;
  setForm: (form: ClosureForm) => void;
  labels: ClosureLabels;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextInput
        size="xs"
        type="date"
        required
        label={t(labels.date)}
        value={form.date}
        onChange={(e) => setForm({ ...form, date: e.currentTarget.value })}
      />
      <TextInput
        size="xs"
        type="time"
        label={t(labels.from)}
        value={form.from}
        onChange={(e) => setForm({ ...form, from: e.currentTarget.value })}
      />
      <TextInput
        size="xs"
        type="time"
        label={t(labels.to)}
        value={form.to}
        onChange={(e) => setForm({ ...form, to: e.currentTarget.value })}
      />
      <TextInput
        size="xs"
        required
        maxLength={500}
        label={t(labels.reason)}
        value={form.reason}
        onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
      />
    </>
  );
}

/**
 * One listed closure: changed (date, times, reason, in the location's zone, as when adding) or
 * removed after a confirmation naming its date, both with the version read (If-Match), so a change
 * someone else made meanwhile is refused (409) and said so, with a reload.
 */
function ClosureItem({
  closure,
  locationId,
  describe,
  done,
  reload,
}: {
  closure: Closure;
  locationId: string;
  describe: Describe;
  done: (outcome: Outcome) => void;
  reload: () => void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [form, setForm] = useState<ClosureForm>({
    date: closure.date,
    from: closure.from ?? '',
    to: closure.to ?? '',
    reason: closure.reason,
  });
  const [invalid, setInvalid] = useState(false);
  // The version read: a change someone else saved meanwhile is refused (409), not overwritten.
  const params = {
    path: { locationId, closureId: closure.id },
    header: { 'If-Match': `"${closure.version}"` },
  };
  const change = useMutation({
    mutationFn: () =>
      data(
        scheduling.PATCH('/locations/{locationId}/closures/{closureId}', {
          params,
          body: {
            date: form.date,
            // No start closes the whole day; a start with no end closes the rest of the day.
            from: form.from || null,
            to: form.from ? form.to || '24:00' : null,
            reason: form.reason.trim(),
          },
        }),
      ),
    onSuccess: (changed) => {
      setMode('view');
      done({ kind: 'changed', closure: changed });
    },
  });
  const remove = useMutation({
    mutationFn: () => data(scheduling.DELETE('/locations/{locationId}/closures/{closureId}', { params })),
    onSuccess: (removed) => done({ kind: 'removed', what: describe(closure), unflagged: removed.unflaggedAppointments }),
  });
  const failure = change.error ?? remove.error;
  const when =
    closure.from === null || closure.to === null
      ? t('setup.closure.whenWholeDay', { date: closure.date })
      : t('setup.closure.whenPartDay', { date: closure.date, from: closure.from, to: closure.to });
  return (
    <Text component="li" size="sm" data-closure={closure.id} data-kind={closure.kind}>
      <Group gap="xs" component="span">
        <span>{describe(closure)}</span>
        {mode === 'view' && (
          <>
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => setMode('edit')}
              aria-label={t('setup.closure.editOf', { when })}
            >
              {t('setup.closure.edit')}
            </Button>
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => setMode('confirm')}
              aria-label={t('setup.closure.removeOf', { when })}
            >
              {t('setup.closure.remove')}
            </Button>
          </>
        )}
      </Group>
      {mode === 'confirm' && (
        <Group gap="xs" mt={4} role="group" aria-label={t('setup.closure.confirmRemove', { when })}>
          <Text size="sm">{t('setup.closure.confirmRemove', { when })}</Text>
          <Button size="compact-xs" color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t('setup.closure.confirmYes')}
          </Button>
          <Button size="compact-xs" variant="default" onClick={() => setMode('view')}>
            {t('setup.closure.confirmNo')}
          </Button>
        </Group>
      )}
      {mode === 'edit' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const bad = badTimes(form.from, form.to);
            setInvalid(bad);
            if (!bad) change.mutate();
          }}
        >
          <Group align="flex-end" gap="xs" mt={4}>
            <ClosureFields form={form} setForm={setForm} labels={EDIT_LABELS} />
            <Button size="xs" type="submit" loading={change.isPending}>
              {t('setup.closure.save')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setMode('view')}>
              {t('setup.closure.cancelEdit')}
            </Button>
          </Group>
          {invalid && (
            <Text size="sm" c="red.9" role="alert">
              {t('setup.closure.invalid')}
            </Text>
          )}
        </form>
      )}
      {failure && (
        <ProblemAlert
          error={failure}
          testId="closure-problem"
          reload={() => {
            change.reset();
            remove.reset();
            setMode('view');
            reload();
          }}
        />
      )}
    </Text>
  );
}

/**
 * The location's closures not over yet, and adding one: a whole day (a holiday) or part of a day,
 * entered in the location's own date and times (scheduling turns them into instants in its zone).
 * The appointments in the closed time are listed; they get re-plan proposals on Today.
 */
export function Closures({ locationId, timeZone, names }: { locationId: string; timeZone: string; names: Names }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const key = ['closures', locationId];
  const closures = useQuery({
    queryKey: key,
    queryFn: () => data(scheduling.GET('/locations/{locationId}/closures', { params: { path: { locationId } } })),
  });
  const empty: ClosureForm = { date: '', from: '', to: '', reason: '' };
  const [form, setForm] = useState(empty);
  const [invalid, setInvalid] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const add = useMutation({
    mutationFn: () =>
      data(
        scheduling.POST('/locations/{locationId}/closures', {
          params: { path: { locationId } },
          body: {
            date: form.date,
            ...(form.from ? { from: form.from } : {}),
            // A closure from a time with no end closes the rest of the day.
            ...(form.from ? { to: form.to || '24:00' } : {}),
            reason: form.reason.trim(),
          },
        }),
      ),
    onSuccess: () => {
      setForm(empty);
      setOutcome(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const describe: Describe = (c) =>
    c.from === null || c.to === null
      ? t('setup.closure.wholeDay', { date: c.date, reason: c.reason })
      : t('setup.closure.partDay', { date: c.date, from: c.from, to: c.to, reason: c.reason });
  return (
    <Stack gap="xs" data-testid="setup-closures">
      <Title order={3} size="h4">
        {t('setup.closure.title')}
      </Title>
      {closures.isPending && <Loading />}
      {closures.error && <ErrorState error={closures.error} retry={() => void closures.refetch()} />}
      {closures.data && closures.data.length === 0 && <Text size="sm">{t('setup.closure.none')}</Text>}
      {closures.data && closures.data.length > 0 && (
        <Stack component="ul" gap={2} style={{ margin: 0, paddingLeft: '1.2em' }}>
          {closures.data.map((c) => (
            // Keyed by version too: a closure read again starts from its new values.
            <ClosureItem
              key={`${c.id}:${c.version}`}
              closure={c}
              locationId={locationId}
              describe={describe}
              reload={() => void queryClient.invalidateQueries({ queryKey: key })}
              done={(o) => {
                add.reset();
                setOutcome(o);
                void queryClient.invalidateQueries({ queryKey: key });
              }}
            />
          ))}
        </Stack>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const bad = badTimes(form.from, form.to);
          setInvalid(bad);
          if (!bad) add.mutate();
        }}
      >
        <Stack gap="xs">
          <Text size="sm">{t('setup.closure.explain', { zone: timeZone })}</Text>
          <Group align="flex-end" gap="xs">
            <ClosureFields form={form} setForm={setForm} labels={ADD_LABELS} />
            <Button size="xs" type="submit" loading={add.isPending}>
              {t('setup.closure.add')}
            </Button>
          </Group>
          {invalid && (
            <Text size="sm" c="red.9" role="alert">
              {t('setup.closure.invalid')}
            </Text>
          )}
        </Stack>
      </form>
      {add.error && <ErrorState error={add.error} />}
      {add.data && (
        <AffectedAppointments
          what={describe(add.data)}
          appointments={add.data.affectedAppointments}
          timeZone={timeZone}
          testId="closure-added"
          {...names}
        />
      )}
      {outcome?.kind === 'changed' && (
        <>
          <AffectedAppointments
            what={t('setup.closure.changed', { what: describe(outcome.closure) })}
            appointments={outcome.closure.affectedAppointments}
            timeZone={timeZone}
            testId="closure-changed"
            {...names}
          />
          {outcome.closure.unflaggedAppointments.length > 0 && (
            <AffectedAppointments
              what={t('setup.closure.changed', { what: describe(outcome.closure) })}
              appointments={outcome.closure.unflaggedAppointments}
              timeZone={timeZone}
              testId="closure-changed-released"
              released
              {...names}
            />
          )}
        </>
      )}
      {outcome?.kind === 'removed' && (
        <AffectedAppointments
          what={t('setup.closure.removed', { what: outcome.what })}
          appointments={outcome.unflagged}
          timeZone={timeZone}
          testId="closure-removed"
          released
          {...names}
        />
      )}
    </Stack>
  );
}
