import { Alert, Button, NumberInput, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useState } from 'react';
// The alert ranges the sessions service applies (libs/domain), shown to the nurse as they type.
import { VITAL_MEASURES, VITALS, type VitalMeasure } from '../../../../../../libs/domain/src/vitals.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import type { Submit } from './StepForms.js';

function outOfRange(measure: VitalMeasure, value: number | undefined): boolean {
  if (value === undefined) return false;
  const { low, high } = VITALS[measure].alert;
  return (low !== undefined && value < low) || (high !== undefined && value > high);
}

/** Vital signs with each measure's alert range shown, and out-of-range values marked in words, not colour alone. */
export function VitalsForm({ submit, pending, recorded }: { submit: Submit; pending: boolean; recorded: boolean }) {
  const { t } = useI18n();
  const [vitals, setVitals] = useState<Partial<Record<VitalMeasure, number>>>({});
  const alerts = VITAL_MEASURES.filter((m) => outOfRange(m, vitals[m]));
  return (
    <Paper withBorder p="md" component="section" aria-label={t('chairside.vitals')}>
      <Title order={4}>{t('chairside.vitals')}</Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // Cleared when recorded: the parent draws a fresh form once the log has the new entry.
          submit('vitals', vitals);
        }}
      >
        <SimpleGrid cols={{ base: 2, md: 4 }} mt="sm">
          {VITAL_MEASURES.map((measure) => {
            const { alert, unit } = VITALS[measure];
            const shownUnit = unit
              .replace(/[{}]/g, '')
              .replace(/^score$/, '')
              .replace(/^Cel$/, '°C');
            const range =
              alert.low !== undefined && alert.high !== undefined
                ? t('chairside.range', { low: alert.low, high: alert.high, unit: shownUnit })
                : alert.low !== undefined
                  ? t('chairside.rangeLow', { low: alert.low, unit: shownUnit })
                  : t('chairside.rangeHigh', { high: alert.high ?? '', unit: shownUnit });
            const high = outOfRange(measure, vitals[measure]);
            return (
              <NumberInput
                key={measure}
                label={t(`vital.${measure}` as MessageKey)}
                description={range}
                value={vitals[measure] ?? ''}
                onChange={(value) => setVitals((v) => ({ ...v, [measure]: typeof value === 'number' ? value : undefined }))}
                error={high ? t('chairside.outOfRange') : undefined}
                decimalScale={measure === 'temperatureC' ? 1 : 0}
                size="lg"
                data-measure={measure}
                // Text at AA contrast: the description and the error in dark shades, the value in black.
                styles={{
                  description: { color: 'var(--mantine-color-dark-7)' },
                  error: { color: 'var(--mantine-color-red-9)' },
                  input: { color: 'var(--mantine-color-black)' },
                }}
              />
            );
          })}
        </SimpleGrid>
        {alerts.length > 0 && (
          <Alert color="red" mt="sm" role="alert" data-testid="vitals-alert">
            <Text c="dark.9">
              {t('chairside.alert', { measures: alerts.map((m) => t(`vital.${m}` as MessageKey)).join(', ') })}
            </Text>
          </Alert>
        )}
        <Button type="submit" size="xl" mt="md" loading={pending} disabled={Object.keys(vitals).length === 0}>
          {t('chairside.recordVitals')}
        </Button>
        {recorded && (
          <Text mt="sm" role="status" data-testid="vitals-recorded">
            {t('chairside.vitalsRecorded')}
          </Text>
        )}
      </form>
    </Paper>
  );
}
