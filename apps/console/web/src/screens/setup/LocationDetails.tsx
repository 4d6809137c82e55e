import { Alert, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/client.js';
import type { components } from '../../api/generated/scheduling.js';
import { data, scheduling } from '../../api/typed.js';
import type { MessageKey } from '../../i18n/en.js';
import { useI18n } from '../../i18n/i18n.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { fieldErrors } from '../patients/contact-values.js';

type Location = components['schemas']['LocationView'];
interface Draft {
  name: string;
  centerAddress: string;
  timeZone: string;
}

const LIST = ['locations'];
const one = (id: string) => ['location', id];

/** The browser's IANA zones, with the ones already in use (a zone this browser does not list stays choosable). */
function useZones(...inUse: string[]): string[] {
  const key = inUse.join(',');
  return useMemo(() => [...new Set([...Intl.supportedValuesOf('timeZone'), ...key.split(',').filter(Boolean)])].sort(), [key]);
}

/** What a create or a change sends: an address left empty is no address (never an empty one). */
function body(draft: Draft, before?: Location): components['schemas']['RegisterLocationDto'] {
  return {
    name: draft.name,
    timeZone: draft.timeZone,
    ...(draft.centerAddress !== '' || before?.centerAddress ? { centerAddress: draft.centerAddress } : {}),
  };
}

/**
 * A center's name, address and zone, as a change and a creation both ask for them; only the labels
 * differ (the new center's say so, so the two forms on one screen are told apart by name).
 */
function LocationFields(props: {
  draft: Draft;
  set: (change: Partial<Draft>) => void;
  zones: string[];
  errors: Record<string, string>;
  labels: { name: MessageKey; address: MessageKey; zone: MessageKey };
  mt?: string;
}) {
  const { t } = useI18n();
  const { draft, set, zones, errors, labels } = props;
  return (
    <Group align="flex-start" gap="xs" {...(props.mt ? { mt: props.mt } : {})}>
      <TextInput
        required
        maxLength={200}
        label={t(labels.name)}
        value={draft.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
        error={errors.name}
        w={280}
      />
      <TextInput
        maxLength={300}
        label={t(labels.address)}
        value={draft.centerAddress}
        onChange={(e) => set({ centerAddress: e.currentTarget.value })}
        error={errors.centerAddress}
        w={360}
      />
      <NativeSelect
        label={t(labels.zone)}
        value={draft.timeZone}
        onChange={(e) => set({ timeZone: e.currentTarget.value })}
        data={zones}
        error={errors.timeZone}
        w={240}
      />
    </Group>
  );
}

/**
 * A refusal said plainly: Mantine's light alert colours its text red.6 on a pale red, below WCAG AA
 * (4.5:1); red.9 on red.0 is above 5.5:1.
 */
function Refusal({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <Alert
      color="red"
      title={title}
      role="alert"
      data-testid={testId}
      styles={{
        root: { backgroundColor: 'var(--mantine-color-red-0)' },
        title: { color: 'var(--mantine-color-red-9)' },
        message: { color: 'var(--mantine-color-red-9)' },
      }}
    >
      {children}
    </Alert>
  );
}

function problemOf(error: unknown): (ApiError['problem'] & Record<string, unknown>) | undefined {
  return error instanceof ApiError ? (error.problem as ApiError['problem'] & Record<string, unknown>) : undefined;
}

/** The current location's name, address and time zone, changed at the version read. */
function EditLocation({ location, reload }: { location: Location; reload: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>({
    name: location.name,
    centerAddress: location.centerAddress ?? '',
    timeZone: location.timeZone,
  });
  const zones = useZones(location.timeZone);
  const save = useMutation({
    mutationFn: () =>
      data(
        scheduling.PATCH('/locations/{locationId}', {
          params: {
            path: { locationId: location.id },
            // The version read: a change someone else saved meanwhile is refused (409), not overwritten.
            header: { 'If-Match': `"${location.version}"` },
          },
          body: body(draft, location),
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(one(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: LIST });
      // The header's location list and the screens' zone come from the session.
      void queryClient.invalidateQueries({ queryKey: ['session'] });
    },
  });
  const problem = problemOf(save.error);
  const errors = fieldErrors(save.error);
  const coming = problem?.type === '/problems/location-has-coming-appointments';
  const stale = problem?.type === '/problems/version-mismatch';
  const set = (change: Partial<Draft>) => {
    setDraft((before) => ({ ...before, ...change }));
    save.reset();
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="xs">
        <Text size="sm" data-testid="location-zone">
          {t('setup.location.zoneNow', { name: location.name, zone: location.timeZone })}
        </Text>
        <LocationFields
          draft={draft}
          set={set}
          zones={zones}
          errors={errors}
          labels={{ name: 'setup.location.name', address: 'setup.location.address', zone: 'setup.location.zone' }}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('setup.location.save')}
          </Button>
        </Group>
        {coming && (
          <Refusal title={t('setup.location.comingTitle')} testId="location-coming">
            {t('setup.location.coming', {
              zone: location.timeZone,
              count: Number(problem?.comingAppointments ?? 0),
            })}
          </Refusal>
        )}
        {stale && (
          <Refusal title={t('app.error.conflict')} testId="location-stale">
            <Button size="xs" variant="default" mt="xs" onClick={reload}>
              {t('setup.location.reload')}
            </Button>
          </Refusal>
        )}
        {save.error && !coming && !stale && Object.keys(errors).length === 0 && <ErrorState error={save.error} />}
        {save.isSuccess && (
          <Text size="sm" role="status" data-testid="location-saved">
            {t('setup.location.saved', { name: save.data.name, version: save.data.version })}
          </Text>
        )}
      </Stack>
    </form>
  );
}

/** A new center of the organisation (an admin of every location only: scheduling's POST /locations is organisation-wide). */
function NewLocation({ zone }: { zone: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const empty: Draft = { name: '', centerAddress: '', timeZone: zone };
  const [draft, setDraft] = useState<Draft>(empty);
  const zones = useZones(zone);
  const create = useMutation({
    mutationFn: () => data(scheduling.POST('/locations', { body: body(draft) })),
    onSuccess: () => {
      setDraft(empty);
      void queryClient.invalidateQueries({ queryKey: LIST });
      void queryClient.invalidateQueries({ queryKey: ['session'] });
    },
  });
  const errors = fieldErrors(create.error);
  const set = (change: Partial<Draft>) => {
    setDraft((before) => ({ ...before, ...change }));
    create.reset();
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <Title order={4} size="h5" mt="sm">
        {t('setup.location.new')}
      </Title>
      <LocationFields
        mt="xs"
        draft={draft}
        set={set}
        zones={zones}
        errors={errors}
        labels={{ name: 'setup.location.newName', address: 'setup.location.newAddress', zone: 'setup.location.newZone' }}
      />
      <Group mt="xs">
        <Button type="submit" loading={create.isPending}>
          {t('setup.location.create')}
        </Button>
      </Group>
      {create.error && Object.keys(errors).length === 0 && <ErrorState error={create.error} />}
      {create.isSuccess && (
        <Text size="sm" role="status" data-testid="location-created">
          {t('setup.location.created', { name: create.data.name, zone: create.data.timeZone })}
        </Text>
      )}
    </form>
  );
}

/** The admin's locations: the list, the one shown edited (name, address, time zone), a new one for an admin of every location. */
export function LocationDetails({ organisationWide }: { organisationWide: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { location: current, choose } = useCurrentLocation();
  const id = current?.id;
  // Bumped by "reload" after someone else's change: the form starts again from what they saved.
  const [reloads, setReloads] = useState(0);
  const locations = useQuery({ queryKey: LIST, queryFn: () => data(scheduling.GET('/locations')) });
  const location = useQuery({
    queryKey: one(id ?? ''),
    queryFn: () => data(scheduling.GET('/locations/{locationId}', { params: { path: { locationId: id! } } })),
    enabled: !!id,
  });

  return (
    <Stack gap="xs" data-testid="setup-locations">
      <Title order={3} size="h4">
        {t('setup.locations')}
      </Title>
      {locations.isPending && <Loading />}
      {locations.error && <ErrorState error={locations.error} retry={() => void locations.refetch()} />}
      {locations.data && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('setup.location.name')}</Table.Th>
              <Table.Th>{t('setup.location.address')}</Table.Th>
              <Table.Th>{t('setup.location.zone')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {locations.data.map((l) => (
              <Table.Tr key={l.id} data-location={l.id}>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td>{l.centerAddress ?? t('setup.location.noAddress')}</Table.Td>
                <Table.Td>{l.timeZone}</Table.Td>
                <Table.Td>
                  {l.id === id ? (
                    <Text size="sm">{t('setup.location.shown')}</Text>
                  ) : (
                    <Button size="xs" variant="default" onClick={() => choose(l.id)}>
                      {t('setup.location.open', { name: l.name })}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {location.error && <ErrorState error={location.error} retry={() => void location.refetch()} />}
      {location.data && (
        <EditLocation
          key={`${location.data.id}:${reloads}`}
          location={location.data}
          reload={() => {
            void queryClient.invalidateQueries({ queryKey: one(location.data.id) }).then(() => setReloads((n) => n + 1));
          }}
        />
      )}
      {organisationWide && <NewLocation zone={current?.timeZone ?? 'UTC'} />}
    </Stack>
  );
}
