import { Button, Group, NativeSelect, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { service } from '../../api/client.js';
import type { components } from '../../api/generated/scheduling.js';
import { ORGANISATION_THERAPIES_KEY, useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState, Loading } from '../../shell/States.js';

type Therapy = components['schemas']['OrganisationTherapyView'];
type Values = components['schemas']['OrganisationTherapyValuesDto'];
type BuiltIn = components['schemas']['TherapyView'];
type Code = BuiltIn['code'];

/** Shared with the catalog every screen names therapies from: a therapy added or revised here shows there. */
const KEY = ORGANISATION_THERAPIES_KEY;

/** The values a revision sends: the therapy as read, with what was changed (PUT is the full new state). */
function values(t: Therapy, change: { name: string; defaultDurationMinutes: number }): Values {
  const { id: _id, code: _code, version: _version, ...rest } = t;
  return {
    ...rest,
    name: change.name.trim(),
    defaultDurationMinutes: change.defaultDurationMinutes,
    // The usual duration stays inside the therapy's bounds, widened when it moves past them.
    minDurationMinutes: Math.min(t.minDurationMinutes, change.defaultDurationMinutes),
    maxDurationMinutes: Math.max(t.maxDurationMinutes, change.defaultDurationMinutes),
  };
}

function Revise({ therapy, done }: { therapy: Therapy; done: (saved: Therapy) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState(therapy.name);
  const [duration, setDuration] = useState<number>(therapy.defaultDurationMinutes);
  const save = useMutation({
    mutationFn: () =>
      service<Therapy>('scheduling', `/organisation-therapies/${therapy.id}`, {
        method: 'PUT',
        // The version read: a revision someone else saved meanwhile is refused (409), not overwritten.
        headers: { 'if-match': `"${therapy.version}"` },
        body: values(therapy, { name, defaultDurationMinutes: duration }),
      }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: KEY });
      done(saved);
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Group align="flex-end" gap="xs">
        <TextInput
          size="xs"
          required
          maxLength={100}
          label={t('setup.therapies.editName', { code: therapy.code })}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <NumberInput
          size="xs"
          required
          min={30}
          max={720}
          allowDecimal={false}
          label={t('setup.therapies.editDuration', { code: therapy.code })}
          value={duration}
          onChange={(v) => setDuration(typeof v === 'number' ? v : Number(v))}
          w={200}
        />
        <Button size="xs" type="submit" loading={save.isPending}>
          {t('setup.therapies.save', { code: therapy.code })}
        </Button>
      </Group>
      {save.error && (
        <ErrorState
          error={save.error}
          retry={() => {
            // "Changed by someone else": read the list again and start over from the latest version.
            void queryClient.invalidateQueries({ queryKey: KEY });
            done(therapy);
          }}
        />
      )}
    </form>
  );
}

/** An organisation's own therapies (admin): the list, a new one defined from a built-in therapy's settings, name and usual duration revised. */
export function Therapies() {
  const { t } = useI18n();
  const { builtIns, therapyName } = useTherapies();
  const queryClient = useQueryClient();
  const therapies = useQuery({ queryKey: KEY, queryFn: () => service<Therapy[]>('scheduling', '/organisation-therapies') });
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<Therapy | null>(null);
  const [draft, setDraft] = useState<{ code: string; name: string; countedAs: Code; duration: number | '' }>({
    code: '',
    name: '',
    countedAs: 'hydration',
    duration: '',
  });
  const define = useMutation({
    mutationFn: async () => {
      // The new therapy starts as the built-in one it is counted as (this organisation's settings of it).
      const base = await service<BuiltIn>('scheduling', `/therapies/${draft.countedAs}`);
      const duration = draft.duration === '' ? base.defaultDurationMinutes : draft.duration;
      return service<Therapy>('scheduling', '/organisation-therapies', {
        method: 'POST',
        body: {
          code: draft.code.trim(),
          name: draft.name.trim(),
          countedAs: draft.countedAs,
          certification: base.certification,
          chairKinds: base.chairKinds,
          routes: base.routes,
          defaultDurationMinutes: duration,
          minDurationMinutes: Math.min(base.minDurationMinutes, duration),
          maxDurationMinutes: Math.max(base.maxDurationMinutes, duration),
          observationMinutes: base.observationMinutes,
          turnoverMinutes: base.turnoverMinutes,
          pharmacyLeadMinutes: base.pharmacyLeadMinutes,
          vitals: base.vitals,
          preparation: {
            fasting: base.requiresFasting,
            mayDrive: base.mayDriveAfter,
            bringCompanion: false,
            hydration: false,
            labsDayBefore: false,
            premedication: false,
          },
        },
      });
    },
    onSuccess: (created) => {
      setSaved(created);
      setDraft({ code: '', name: '', countedAs: 'hydration', duration: '' });
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });

  return (
    <Stack gap="xs" data-testid="setup-therapies">
      <Title order={3} size="h4">
        {t('setup.therapies')}
      </Title>
      <Text size="sm">{t('setup.therapies.explain')}</Text>
      {therapies.isPending && <Loading />}
      {therapies.error && <ErrorState error={therapies.error} retry={() => void therapies.refetch()} />}
      {therapies.data && therapies.data.length === 0 && <Text size="sm">{t('setup.therapies.none')}</Text>}
      {therapies.data && therapies.data.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('setup.therapies.code')}</Table.Th>
              <Table.Th>{t('setup.therapies.name')}</Table.Th>
              <Table.Th>{t('setup.therapies.countedAs')}</Table.Th>
              <Table.Th>{t('setup.therapies.duration')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {therapies.data.map((therapy) => (
              <Table.Tr key={therapy.id} data-therapy={therapy.code}>
                <Table.Td>{therapy.code}</Table.Td>
                <Table.Td>{therapy.name}</Table.Td>
                <Table.Td>{therapyName(therapy.countedAs)}</Table.Td>
                <Table.Td>
                  {t('setup.therapies.durationRange', {
                    default: therapy.defaultDurationMinutes,
                    min: therapy.minDurationMinutes,
                    max: therapy.maxDurationMinutes,
                  })}
                </Table.Td>
                <Table.Td>
                  {editing === therapy.id ? (
                    <Revise
                      therapy={therapy}
                      done={(result) => {
                        setEditing(null);
                        if (result.version !== therapy.version) setSaved(result);
                      }}
                    />
                  ) : (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => {
                        setSaved(null);
                        setEditing(therapy.id);
                      }}
                    >
                      {t('setup.therapies.edit', { name: therapy.name })}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {saved && (
        <Text size="sm" role="status" data-testid="therapy-saved">
          {t('setup.therapies.saved', { name: saved.name, version: saved.version })}
        </Text>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          define.mutate();
        }}
      >
        <Title order={4} size="h5" mt="sm">
          {t('setup.therapies.new')}
        </Title>
        <Text size="xs">{t('setup.therapies.defaults')}</Text>
        <Group align="flex-end" gap="xs" mt="xs">
          <TextInput
            required
            maxLength={40}
            pattern="[a-z][a-z0-9\-]{1,39}"
            label={t('setup.therapies.newCode')}
            description={t('setup.therapies.newCodeHint')}
            // Mantine's dimmed description is below AA contrast on white.
            styles={{ description: { color: 'var(--mantine-color-gray-8)' } }}
            value={draft.code}
            onChange={(e) => setDraft({ ...draft, code: e.currentTarget.value })}
          />
          <TextInput
            required
            maxLength={100}
            label={t('setup.therapies.newName')}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
          <NativeSelect
            label={t('setup.therapies.countedAs')}
            value={draft.countedAs}
            onChange={(e) => setDraft({ ...draft, countedAs: e.currentTarget.value as Code })}
            data={builtIns.map((b) => ({ value: b.code, label: b.name }))}
          />
          <NumberInput
            min={30}
            max={720}
            allowDecimal={false}
            label={t('setup.therapies.duration')}
            value={draft.duration}
            onChange={(v) => setDraft({ ...draft, duration: v === '' ? '' : Number(v) })}
            w={200}
          />
          <Button type="submit" loading={define.isPending}>
            {t('setup.therapies.add')}
          </Button>
        </Group>
        {define.error && <ErrorState error={define.error} />}
      </form>
    </Stack>
  );
}
