import { Button, Checkbox, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '../../api/generated/scheduling.js';
import { data, scheduling } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState } from '../../shell/States.js';
import { AffectedAppointments } from './AffectedAppointments.js';
import type { Names } from './Chairs.js';

export const CERTIFICATIONS = ['infusion', 'chemotherapy_biotherapy'] as const;
type Certification = (typeof CERTIFICATIONS)[number];

export type Nurse = components['schemas']['ListedNurseView'];

/**
 * A nurse's limits: patients at once, minutes of set-up per start, certifications, sent with the
 * version read (If-Match); scheduling answers her coming appointments the new limits no longer
 * allow (flagged at risk, handed to the re-plan), listed here.
 */
function NurseLimits({
  nurse,
  locationId,
  timeZone,
  names,
}: {
  nurse: Nurse;
  locationId: string;
  timeZone: string;
  names: Names;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const read = () => ({
    capacity: nurse.capacity,
    startWindowMinutes: nurse.startWindowMinutes,
    certifications: nurse.certifications,
  });
  const [form, setForm] = useState(read);
  const save = useMutation({
    mutationFn: () =>
      data(
        scheduling.PATCH('/locations/{locationId}/nurses/{nurseId}', {
          params: { path: { locationId, nurseId: nurse.id }, header: { 'If-Match': `"${nurse.version}"` } },
          body: form,
        }),
      ),
    onSuccess: () => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['nurses', locationId] });
    },
  });
  return (
    <Stack gap={4} component="li" data-nurse-row={nurse.id}>
      <Group gap="xs">
        <Text size="sm">
          {t('setup.nurse', { name: nurse.displayName, capacity: nurse.capacity })}{' '}
          {t('setup.nurseLimits', {
            window: nurse.startWindowMinutes,
            certifications: nurse.certifications.map((c) => t(`setup.certification.${c}`)).join(', '),
          })}
        </Text>
        <Button
          size="xs"
          variant="default"
          aria-expanded={open}
          onClick={() => {
            setForm(read());
            setOpen(!open);
          }}
        >
          {t('setup.nurseChange', { name: nurse.displayName })}
        </Button>
      </Group>
      {open && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="xs">
            <Group align="flex-end" gap="xs">
              <NumberInput
                size="xs"
                required
                min={1}
                max={8}
                allowDecimal={false}
                label={t('setup.nurseEditCapacity', { name: nurse.displayName })}
                value={form.capacity}
                onChange={(v) => setForm({ ...form, capacity: typeof v === 'number' ? v : Number(v) })}
                w={200}
              />
              <NumberInput
                size="xs"
                required
                min={5}
                max={60}
                allowDecimal={false}
                label={t('setup.nurseEditWindow', { name: nurse.displayName })}
                value={form.startWindowMinutes}
                onChange={(v) => setForm({ ...form, startWindowMinutes: typeof v === 'number' ? v : Number(v) })}
                w={200}
              />
            </Group>
            <Checkbox.Group
              label={t('setup.nurseEditCertifications', { name: nurse.displayName })}
              value={form.certifications}
              onChange={(v) => setForm({ ...form, certifications: v as Certification[] })}
            >
              <Group gap="md" mt={4}>
                {CERTIFICATIONS.map((c) => (
                  <Checkbox key={c} value={c} label={t(`setup.certification.${c}`)} size="xs" />
                ))}
              </Group>
            </Checkbox.Group>
            <Group>
              <Button size="xs" type="submit" loading={save.isPending}>
                {t('setup.nurseSave', { name: nurse.displayName })}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {save.error && (
        <ErrorState error={save.error} retry={() => void queryClient.invalidateQueries({ queryKey: ['nurses', locationId] })} />
      )}
      {save.data && (
        <AffectedAppointments
          what={t('setup.affected.nurse', { name: nurse.displayName })}
          appointments={save.data.affectedAppointments}
          timeZone={timeZone}
          testId="nurse-changed"
          {...names}
        />
      )}
    </Stack>
  );
}

/** The location's nurses with their limits, each changed by the admin or the charge nurse. */
export function Nurses({
  nurses,
  locationId,
  timeZone,
  names,
}: {
  nurses: Nurse[];
  locationId: string;
  timeZone: string;
  names: Names;
}) {
  const { t } = useI18n();
  return (
    <>
      <Title order={3} size="h4">
        {t('setup.nurses')}
      </Title>
      <Stack component="ul" gap="xs" mt="xs" style={{ listStyle: 'none', padding: 0 }} data-testid="setup-nurses">
        {nurses.map((n) => (
          <NurseLimits key={n.id} nurse={n} locationId={locationId} timeZone={timeZone} names={names} />
        ))}
      </Stack>
    </>
  );
}
