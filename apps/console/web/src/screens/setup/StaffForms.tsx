import { Button, Checkbox, Group, NativeSelect, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { data, scheduling } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState } from '../../shell/States.js';
import { localDate } from '../../time/zoned.js';
import { dayShift } from './setup-values.js';

import { CERTIFICATIONS } from './Nurses.js';

type Certification = (typeof CERTIFICATIONS)[number];

/** Registering a nurse at the location (admin; scheduling's POST /locations/{id}/nurses). */
export function RegisterNurse({ locationId }: { locationId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState<number>(3);
  const [certifications, setCertifications] = useState<Certification[]>(['infusion']);
  const register = useMutation({
    mutationFn: () =>
      data(
        scheduling.POST('/locations/{locationId}/nurses', {
          params: { path: { locationId } },
          body: { displayName: name.trim(), capacity, certifications, startWindowMinutes: 15 },
        }),
      ),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['nurses', locationId] });
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        register.mutate();
      }}
    >
      <Stack gap="xs" mt="sm">
        <Title order={4} size="h5">
          {t('setup.registerNurse')}
        </Title>
        <Group align="flex-end" gap="xs">
          <TextInput
            size="xs"
            required
            maxLength={100}
            label={t('setup.nurseName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <NumberInput
            size="xs"
            required
            min={1}
            max={8}
            allowDecimal={false}
            label={t('setup.nurseCapacity')}
            value={capacity}
            onChange={(v) => setCapacity(typeof v === 'number' ? v : Number(v))}
            w={140}
          />
        </Group>
        <Checkbox.Group
          label={t('setup.nurseCertifications')}
          value={certifications}
          onChange={(v) => setCertifications(v as Certification[])}
        >
          <Group gap="md" mt={4}>
            {CERTIFICATIONS.map((c) => (
              <Checkbox key={c} value={c} label={t(`setup.certification.${c}`)} size="xs" />
            ))}
          </Group>
        </Checkbox.Group>
        <Group>
          <Button size="xs" type="submit" loading={register.isPending}>
            {t('setup.registerNurse')}
          </Button>
        </Group>
        {register.error && <ErrorState error={register.error} />}
        {register.data && (
          <Text size="sm" role="status" data-testid="nurse-registered">
            {t('setup.nurseRegistered', { name: register.data.displayName })}
          </Text>
        )}
      </Stack>
    </form>
  );
}

/** Adding a shift for a nurse of the location, its day and times in the location's zone (admin; POST …/nurses/{id}/shifts). */
export function AddShift({
  locationId,
  timeZone,
  nurses,
}: {
  locationId: string;
  timeZone: string;
  nurses: ReadonlyArray<{ id: string; displayName: string }>;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [nurseId, setNurseId] = useState('');
  const [day, setDay] = useState(() => localDate(new Date(), timeZone));
  const [from, setFrom] = useState('08:00');
  const [to, setTo] = useState('16:00');
  const chosen = nurses.find((n) => n.id === nurseId) ?? nurses[0];
  const add = useMutation({
    mutationFn: () =>
      data(
        scheduling.POST('/locations/{locationId}/nurses/{nurseId}/shifts', {
          params: { path: { locationId, nurseId: chosen!.id } },
          body: dayShift(day, from, to, timeZone),
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['shifts', locationId] }),
  });
  if (!chosen) return null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate();
      }}
    >
      <Stack gap="xs" mt="sm">
        <Title order={4} size="h5">
          {t('setup.addShift')}
        </Title>
        <Group align="flex-end" gap="xs">
          <NativeSelect
            size="xs"
            label={t('setup.shiftNurse')}
            value={chosen.id}
            onChange={(e) => setNurseId(e.currentTarget.value)}
            data={nurses.map((n) => ({ value: n.id, label: n.displayName }))}
          />
          <TextInput
            size="xs"
            type="date"
            required
            label={t('setup.shiftDay')}
            value={day}
            onChange={(e) => setDay(e.currentTarget.value)}
          />
          <TextInput
            size="xs"
            type="time"
            required
            label={t('setup.shiftFrom')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput
            size="xs"
            type="time"
            required
            label={t('setup.shiftTo')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <Button size="xs" type="submit" loading={add.isPending}>
            {t('setup.addShift')}
          </Button>
        </Group>
        {add.error && <ErrorState error={add.error} />}
        {add.isSuccess && (
          <Text size="sm" role="status" data-testid="shift-added">
            {t('setup.shiftAdded', { nurse: chosen.displayName })}
          </Text>
        )}
      </Stack>
    </form>
  );
}
