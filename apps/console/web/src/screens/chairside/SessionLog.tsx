import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { formatTime } from '../../time/zoned.js';
import type { SessionDetails } from './session.js';
import type { Submit } from './StepForms.js';

/** Steps a nurse cannot enter in error at the chair (sessions' NOT_CORRECTABLE). */
const NOT_CORRECTABLE = new Set(['cancel', 'no-show', 'discharge']);

/** "Entered in error" with its reason asked in place: the entry stays in the log, marked, and no longer counts. */
function EnteredInError({ name, onConfirm, pending }: { name: string; onConfirm: (reason: string) => void; pending: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open)
    return (
      <Button
        variant="default"
        size="md"
        onClick={() => setOpen(true)}
        aria-label={t('chairside.log.inErrorOf', { entry: name })}
      >
        {t('chairside.log.inError')}
      </Button>
    );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onConfirm(reason.trim());
      }}
    >
      <Group align="flex-end" gap="xs">
        <TextInput
          size="md"
          required
          maxLength={500}
          label={t('chairside.log.reasonFor', { entry: name })}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Button type="submit" size="md" color="red.9" loading={pending}>
          {t('chairside.log.confirm')}
        </Button>
        <Button variant="subtle" size="md" onClick={() => setOpen(false)}>
          {t('chairside.log.keep')}
        </Button>
      </Group>
    </form>
  );
}

/** The session's log, newest first, with the corrections a nurse may make at the chair. */
export function SessionLog({
  session,
  timeZone,
  submit,
  pending,
}: {
  session: SessionDetails;
  timeZone: string;
  submit: Submit;
  pending: boolean;
}) {
  const { t, locale, has } = useI18n();
  const label = (key: string) => (has(key) ? t(key) : key);
  const steps = session.steps
    .filter((s) => s.kind !== 'record-vitals')
    .slice()
    .reverse();
  const vitals = session.vitals.slice().reverse();
  return (
    <Paper withBorder p="md" component="section" aria-label={t('chairside.log.title')} data-testid="session-log">
      <Title order={4}>{t('chairside.log.title')}</Title>
      {session.status === 'arrived' && (
        <Stack mt="sm" gap="xs">
          <EnteredInError
            name={t('chairside.step.check-in')}
            pending={pending}
            onConfirm={(reason) => submit('undo-check-in', { reason })}
          />
          <Text size="sm" c="dark.7">
            {t('chairside.log.undoCheckIn')}
          </Text>
        </Stack>
      )}
      <Stack component="ol" gap="xs" mt="sm" style={{ listStyle: 'none', padding: 0 }}>
        {vitals.map((v) => {
          const name = t('chairside.log.vitalsAt', { time: formatTime(v.taken_at, timeZone, locale) });
          const values = Object.entries(v.values)
            .map(([measure, value]) => `${label(`vital.${measure}`)} ${value}`)
            .join(', ');
          return (
            <li key={v.id} data-vitals={v.id} data-status={v.status}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" td={v.status === 'entered-in-error' ? 'line-through' : undefined}>
                  <strong>{name}</strong>: {values}
                </Text>
                {v.status === 'entered-in-error' ? (
                  <Badge color="gray.8">{t('chairside.log.enteredInError')}</Badge>
                ) : (
                  <EnteredInError
                    name={name}
                    pending={pending}
                    onConfirm={(reason) => submit(`vitals/${v.id}/entered-in-error`, { reason })}
                  />
                )}
              </Group>
            </li>
          );
        })}
        {steps.map((s) => {
          const name = `${has(`chairside.logStep.${s.kind}`) ? t(`chairside.logStep.${s.kind}` as MessageKey) : s.kind} ${formatTime(s.occurred_at, timeZone, locale)}`;
          const correctable = s.status === 'recorded' && !NOT_CORRECTABLE.has(s.kind) && session.status !== 'discharged';
          return (
            <li key={s.seq} data-step={s.kind} data-status={s.status}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" td={s.status === 'entered-in-error' ? 'line-through' : undefined}>
                  <strong>{name}</strong>
                  {typeof s.details.reaction === 'string' ? ` · ${label(`reaction.${s.details.reaction}`)}` : ''}
                  {typeof s.details.grade === 'number' ? ` · ${t('chairside.log.grade', { grade: s.details.grade })}` : ''}
                  {typeof s.details.ratePercent === 'number'
                    ? ` · ${t('chairside.rateNow', { percent: s.details.ratePercent })}`
                    : ''}
                  {typeof s.details.site === 'string' ? ` · ${s.details.site}` : ''}
                  {typeof s.details.drug === 'string'
                    ? ` · ${s.details.drug} ${String(s.details.dose)} ${String(s.details.doseUnit)}`
                    : ''}
                  {typeof s.details.reason === 'string' ? ` · ${s.details.reason}` : ''}
                </Text>
                {s.status === 'entered-in-error' ? (
                  <Badge color="gray.8">{t('chairside.log.enteredInError')}</Badge>
                ) : (
                  correctable && (
                    <EnteredInError
                      name={name}
                      pending={pending}
                      onConfirm={(reason) => submit(`steps/${s.seq}/entered-in-error`, { reason })}
                    />
                  )
                )}
              </Group>
            </li>
          );
        })}
      </Stack>
    </Paper>
  );
}
