import { Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '../../api/generated/scheduling.js';
import { data, scheduling } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatDateTime, instantToLocal, localToInstant } from '../../time/zoned.js';
import { type AffectedAppointment, AffectedAppointments } from './AffectedAppointments.js';

export type Chair = components['schemas']['ChairView'];
type Outage = components['schemas']['ChairOutageView'];

const CHAIR_KINDS = ['recliner', 'bed', 'private_room'] as const;

/** Names of the location's chairs and nurses, to say where an affected appointment is. */
export interface Names {
  chairs: ReadonlyMap<string, string>;
  nurses: ReadonlyMap<string, string>;
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

type ChairKind = (typeof CHAIR_KINDS)[number];
/** A chair's fields as typed: its label, and its kind when adding (scheduling changes no kind afterwards). */
interface ChairForm {
  label: string;
  kind?: ChairKind;
}

/**
 * The same fields when adding a chair and when renaming one; only their labels differ, and the kind
 * is asked only when adding. The label's bound is scheduling's (1–50 characters, `AddChairDto` and
 * `UpdateChairDto`); the add form had 100.
 */
function ChairFields<Form extends ChairForm>({
  form,
  setForm,
  label,
  size = 'sm',
}: {
  form: Form;
  setForm: (form: Form) => void;
  label: string;
  /** Mantine's default (sm) in the add form, xs in a chair's row. */
  size?: 'xs' | 'sm';
}) {
  const { t } = useI18n();
  return (
    <>
      <TextInput
        size={size}
        required
        maxLength={50}
        label={label}
        value={form.label}
        onChange={(e) => setForm({ ...form, label: e.currentTarget.value })}
      />
      {form.kind !== undefined && (
        <NativeSelect
          size={size}
          label={t('setup.kind')}
          value={form.kind}
          onChange={(e) => setForm({ ...form, kind: e.currentTarget.value as ChairKind })}
          data={CHAIR_KINDS.map((k) => ({ value: k, label: t(`chairKind.${k}` as MessageKey) }))}
        />
      )}
    </>
  );
}

/** A period and reason, entered in the location's zone. */
function OutageFields({
  chair,
  value,
  onChange,
  prefix,
}: {
  chair: string;
  value: { startsAt: string; endsAt: string; reason: string };
  onChange: (value: { startsAt: string; endsAt: string; reason: string }) => void;
  prefix: 'setup.outage' | 'setup.outageEdit';
}) {
  const { t } = useI18n();
  return (
    <>
      <TextInput
        size="xs"
        type="datetime-local"
        required
        label={t(`${prefix}From` as MessageKey, { chair })}
        value={value.startsAt}
        onChange={(e) => onChange({ ...value, startsAt: e.currentTarget.value })}
      />
      <TextInput
        size="xs"
        type="datetime-local"
        required
        label={t(`${prefix}To` as MessageKey, { chair })}
        value={value.endsAt}
        onChange={(e) => onChange({ ...value, endsAt: e.currentTarget.value })}
      />
      <TextInput
        size="xs"
        required
        maxLength={500}
        label={t(`${prefix}Reason` as MessageKey, { chair })}
        value={value.reason}
        onChange={(e) => onChange({ ...value, reason: e.currentTarget.value })}
      />
    </>
  );
}

/** One coming outage: shown in the location's zone, changed (with the version read) or ended. */
function OutageRow({
  outage,
  chair,
  locationId,
  timeZone,
  names,
  refresh,
}: {
  outage: Outage;
  chair: Chair;
  locationId: string;
  timeZone: string;
  names: Names;
  refresh: () => void;
}) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  // The period as read, in the location's zone, each time the form opens.
  const read = () => ({
    startsAt: instantToLocal(outage.startsAt, timeZone),
    endsAt: instantToLocal(outage.endsAt, timeZone),
    reason: outage.reason,
  });
  const [form, setForm] = useState(read);
  const change = useMutation({
    mutationFn: () =>
      data(
        scheduling.PATCH('/locations/{locationId}/chairs/{chairId}/outages/{outageId}', {
          params: { path: { locationId, chairId: chair.id, outageId: outage.id }, header: ifMatch(outage.version) },
          body: {
            startsAt: localToInstant(form.startsAt, timeZone),
            endsAt: localToInstant(form.endsAt, timeZone),
            reason: form.reason.trim(),
          },
        }),
      ),
    onSuccess: () => {
      setEditing(false);
      refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: () =>
      data(
        scheduling.DELETE('/locations/{locationId}/chairs/{chairId}/outages/{outageId}', {
          params: { path: { locationId, chairId: chair.id, outageId: outage.id } },
          body: {},
        }),
      ),
    onSuccess: refresh,
  });
  return (
    <Stack gap={4}>
      <Group data-outage={outage.id} gap="xs">
        <Text size="sm">
          {t('setup.outage', {
            from: formatDateTime(outage.startsAt, timeZone, locale),
            to: formatDateTime(outage.endsAt, timeZone, locale),
            reason: outage.reason,
          })}
        </Text>
        <Button
          size="xs"
          variant="default"
          onClick={() => {
            setForm(read());
            setEditing(!editing);
          }}
          aria-expanded={editing}
        >
          {t('setup.outageChange')}
        </Button>
        <Button size="xs" variant="default" onClick={() => cancel.mutate()} loading={cancel.isPending}>
          {t('setup.cancelOutage')}
        </Button>
      </Group>
      {editing && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            change.mutate();
          }}
        >
          <Group align="flex-end" gap="xs">
            <OutageFields chair={chair.label} value={form} onChange={setForm} prefix="setup.outageEdit" />
            <Button size="xs" type="submit" loading={change.isPending}>
              {t('setup.outageSave')}
            </Button>
          </Group>
        </form>
      )}
      {(change.error ?? cancel.error) && <ErrorState error={change.error ?? cancel.error} retry={refresh} />}
      {change.data && (
        <AffectedAppointments
          what={t('setup.affected.outageChanged', { chair: chair.label })}
          appointments={change.data.affectedAppointments}
          timeZone={timeZone}
          testId="outage-changed"
          {...names}
        />
      )}
    </Stack>
  );
}

/** A chair's coming outages, and taking it out of service (the admin, and the charge nurse who finds the broken pump). */
function ChairOutages({
  chair,
  locationId,
  timeZone,
  names,
}: {
  chair: Chair;
  locationId: string;
  timeZone: string;
  names: Names;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const key = ['outages', chair.id];
  const path = { locationId, chairId: chair.id };
  const outages = useQuery({
    queryKey: key,
    queryFn: () => data(scheduling.GET('/locations/{locationId}/chairs/{chairId}/outages', { params: { path } })),
  });
  const [form, setForm] = useState({ startsAt: '', endsAt: '', reason: '' });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  const schedule = useMutation({
    mutationFn: () =>
      data(
        scheduling.POST('/locations/{locationId}/chairs/{chairId}/outages', {
          params: { path },
          body: {
            startsAt: localToInstant(form.startsAt, timeZone),
            endsAt: localToInstant(form.endsAt, timeZone),
            reason: form.reason.trim(),
          },
        }),
      ),
    onSuccess: () => {
      setForm({ startsAt: '', endsAt: '', reason: '' });
      refresh();
    },
  });
  return (
    <Stack gap="xs" data-chair={chair.id}>
      {outages.error && <ErrorState error={outages.error} retry={refresh} />}
      {outages.data?.map((o) => (
        <OutageRow
          key={o.id}
          outage={o}
          chair={chair}
          locationId={locationId}
          timeZone={timeZone}
          names={names}
          refresh={refresh}
        />
      ))}
      {!chair.retiredAt && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            schedule.mutate();
          }}
        >
          <Group align="flex-end" gap="xs">
            <OutageFields chair={chair.label} value={form} onChange={setForm} prefix="setup.outage" />
            <Button size="xs" type="submit" loading={schedule.isPending}>
              {t('setup.scheduleOutage')}
            </Button>
          </Group>
        </form>
      )}
      {schedule.error && <ErrorState error={schedule.error} />}
      {schedule.data && (
        <AffectedAppointments
          what={t('setup.affected.outage', { chair: chair.label })}
          appointments={schedule.data.affectedAppointments}
          timeZone={timeZone}
          testId="outage-scheduled"
          {...names}
        />
      )}
    </Stack>
  );
}

/** Renaming a chair, retiring it (its coming appointments are listed for re-planning) or bringing it back; with the version read. */
function ChairChanges({
  chair,
  locationId,
  timeZone,
  names,
}: {
  chair: Chair;
  locationId: string;
  timeZone: string;
  names: Names;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ChairForm>({ label: chair.label });
  const [result, setResult] = useState<{ what: string; affected: AffectedAppointment[] } | undefined>();
  const update = useMutation({
    mutationFn: (body: { label?: string; retired?: boolean }) =>
      data(
        scheduling.PATCH('/locations/{locationId}/chairs/{chairId}', {
          params: { path: { locationId, chairId: chair.id }, header: ifMatch(chair.version) },
          body,
        }),
      ),
    onSuccess: (answer, body) => {
      setResult({
        what:
          body.retired === true
            ? t('setup.affected.retired', { chair: chair.label })
            : body.retired === false
              ? t('setup.affected.returned', { chair: chair.label })
              : t('setup.affected.renamed', { chair: body.label ?? chair.label }),
        affected: answer.affectedAppointments,
      });
      void queryClient.invalidateQueries({ queryKey: ['chairs', locationId] });
    },
  });
  return (
    <Stack gap="xs">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ label: form.label.trim() });
        }}
      >
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <ChairFields form={form} setForm={setForm} label={t('setup.chairRename', { chair: chair.label })} size="xs" />
          <Button size="xs" variant="default" type="submit" loading={update.isPending && update.variables?.label !== undefined}>
            {t('setup.chairRenameSave')}
          </Button>
        </Group>
      </form>
      <Group>
        <Button
          size="xs"
          variant={chair.retiredAt ? 'default' : 'outline'}
          color={chair.retiredAt ? 'gray.8' : 'red.8'}
          onClick={() => update.mutate({ retired: !chair.retiredAt })}
          loading={update.isPending && update.variables?.retired !== undefined}
        >
          {chair.retiredAt ? t('setup.chairReturn', { chair: chair.label }) : t('setup.chairRetire', { chair: chair.label })}
        </Button>
      </Group>
      {update.error && (
        <ErrorState error={update.error} retry={() => void queryClient.invalidateQueries({ queryKey: ['chairs', locationId] })} />
      )}
      {result && (
        <AffectedAppointments
          what={result.what}
          appointments={result.affected}
          timeZone={timeZone}
          testId="chair-changed"
          {...names}
        />
      )}
    </Stack>
  );
}

/** The location's chairs: kind, state, outages; adding one is the admin's, the rest also the charge nurse's. */
export function Chairs({
  locationId,
  timeZone,
  names,
  isAdmin,
}: {
  locationId: string;
  timeZone: string;
  names: Names;
  isAdmin: boolean;
}) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const chairs = useQuery({
    queryKey: ['chairs', locationId],
    queryFn: () => data(scheduling.GET('/locations/{locationId}/chairs', { params: { path: { locationId } } })),
  });
  const [chair, setChair] = useState<Required<ChairForm>>({ label: '', kind: 'recliner' });
  const addChair = useMutation({
    mutationFn: () =>
      data(
        scheduling.POST('/locations/{locationId}/chairs', {
          params: { path: { locationId } },
          body: { ...chair, label: chair.label.trim() },
        }),
      ),
    onSuccess: () => {
      setChair({ label: '', kind: 'recliner' });
      void queryClient.invalidateQueries({ queryKey: ['chairs', locationId] });
    },
  });
  return (
    <>
      <Title order={3} size="h4">
        {t('setup.chairs')}
      </Title>
      {chairs.isPending && <Loading />}
      {chairs.error && <ErrorState error={chairs.error} retry={() => void chairs.refetch()} />}
      {chairs.data && (
        <Table mt="xs" data-testid="setup-chairs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('setup.chair')}</Table.Th>
              <Table.Th>{t('setup.kind')}</Table.Th>
              <Table.Th>{t('setup.outages')}</Table.Th>
              <Table.Th>{t('setup.chairChanges')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {chairs.data.map((c) => (
              <Table.Tr key={c.id} data-chair-row={c.id}>
                <Table.Td>
                  <Text size="sm">{c.label}</Text>
                  {c.retiredAt && (
                    <Badge color="gray.8" variant="outline" size="sm">
                      {t('setup.chairRetired', { since: formatDateTime(c.retiredAt, timeZone, locale) })}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{t(`chairKind.${c.kind}` as MessageKey)}</Table.Td>
                <Table.Td>
                  <ChairOutages chair={c} locationId={locationId} timeZone={timeZone} names={names} />
                </Table.Td>
                <Table.Td>
                  <ChairChanges chair={c} locationId={locationId} timeZone={timeZone} names={names} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {isAdmin && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            addChair.mutate();
          }}
        >
          <Group align="flex-end" mt="sm">
            <ChairFields form={chair} setForm={setChair} label={t('setup.newChair')} />
            <Button type="submit" loading={addChair.isPending}>
              {t('setup.addChair')}
            </Button>
          </Group>
          {addChair.error && <ErrorState error={addChair.error} />}
        </form>
      )}
    </>
  );
}
