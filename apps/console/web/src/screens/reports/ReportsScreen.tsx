import { Anchor, Badge, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { service } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { rememberedLocation } from '../../shell/current-location.js';
import { ACTUAL, Heatmap, HorizontalBars, Legend, PairedBars, SCHEDULED } from './charts.js';
import { reportLocation, reportPeriod } from './report-period.js';

/** The reporting service's KPI report, as much of it as this screen draws (apps/reporting/src/kpis). */
interface Percentiles {
  n: number;
  p50: number | null;
  p90: number | null;
}
interface Kpis {
  scheduledUtilization: number | null;
  actualUtilization: number | null;
  visits: number;
  noShowRate: number | null;
  waits: { checkInToChair: Percentiles; chairToDrugReady: Percentiles; drugReadyToStart: Percentiles };
}
interface KpiReport {
  from: string;
  to: string;
  freshAsOf: string | null;
  consumerLag: { caughtUp: boolean; measuredAt: string } | null;
  locations: Array<{
    locationId: string;
    name: string | null;
    timeZone: string;
    days?: Array<Kpis & { date: string }>;
    total: Kpis;
    heatmap?: Array<{ date: string; hours: Array<{ hour: string; scheduledChairsPeak: number; chairsInUsePeak: number }> }>;
  }>;
  noShowsByLeadTime: Array<{ bucket: string; visits: number; noShows: number; rate: number | null }>;
  reactions: Array<{ therapyCode: string; grade: number; count: number }>;
  notifications: { sent: number; delivered: number; failed: number; suppressed: number; deliveryRate: number | null };
}

const PERIODS = ['7', '14', '30'] as const;
const WAITS = ['checkInToChair', 'chairToDrugReady', 'drugReadyToStart'] as const;

export function ReportsScreen() {
  const { t, locale } = useI18n();
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('14');
  const [chosen, setChosen] = useState<string | null>(null);
  // The locations come from the report itself (scheduling lists none to a manager); each report's
  // days are then counted in the zone of the location shown, never the browser's.
  // One day (any): only its list of locations, with their zones, is used.
  const today = new Date().toISOString().slice(0, 10);
  const listed = useQuery({
    queryKey: ['reports', 'locations'],
    queryFn: () => service<KpiReport>('reporting', `/reports/kpis?from=${today}&to=${today}`),
    staleTime: 5 * 60_000,
  });
  const shown = listed.data ? reportLocation(listed.data.locations, chosen, rememberedLocation()) : undefined;
  const { from, to } = reportPeriod(new Date(), Number(period), shown?.timeZone ?? 'UTC');
  const range = `from=${from}&to=${to}`;
  const report = useQuery({
    queryKey: ['reports', 'kpis', from, to],
    queryFn: () => service<KpiReport>('reporting', `/reports/kpis?${range}&include=heatmap`),
    enabled: listed.isSuccess,
  });
  const percent = useMemo(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }), [locale]);
  const minutes = useMemo(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }), [locale]);
  const fmtPercent = (v: number) => percent.format(v);
  const fmtMinutes = (v: number) => t('reports.minutes', { value: minutes.format(v) });

  if (listed.error) return <ErrorState error={listed.error} retry={() => void listed.refetch()} />;
  if (report.isPending) return <Loading />;
  if (report.error) return <ErrorState error={report.error} retry={() => void report.refetch()} />;
  const data = report.data;
  const location = reportLocation(data.locations, shown?.locationId ?? null, null);
  const freshness = data.freshAsOf
    ? t('reports.freshAsOf', {
        time: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: location?.timeZone }).format(
          new Date(data.freshAsOf),
        ),
        zone: location?.timeZone ?? 'UTC',
      })
    : t('reports.noFacts');
  const lag =
    data.consumerLag === null
      ? t('reports.lagUnknown')
      : data.consumerLag.caughtUp
        ? t('reports.caughtUp')
        : t('reports.catchingUp');
  const days = location?.days ?? [];
  const heatDays = location?.heatmap ?? [];
  const hours = [...new Set(heatDays.flatMap((d) => d.hours.map((h) => h.hour)))].sort();
  const cells = heatDays.flatMap((d) => d.hours.map((h) => ({ column: d.date, row: h.hour, value: h.scheduledChairsPeak })));
  const therapies = [...new Set(data.reactions.map((r) => r.therapyCode))].sort();
  const csv = (view: string) => `/api/services/reporting/reports/kpis?${range}&format=csv&view=${view}`;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('reports.title')}</Title>
          <Text size="sm" data-testid="reports-freshness">
            {freshness} · {lag}
          </Text>
        </div>
        <Group align="flex-end">
          <Select
            label={t('reports.period')}
            data={PERIODS.map((p) => ({ value: p, label: t('reports.lastDays', { days: p }) }))}
            value={period}
            onChange={(v) => v && setPeriod(v as (typeof PERIODS)[number])}
            allowDeselect={false}
            w={160}
          />
          {data.locations.length > 0 && (
            <Select
              label={t('reports.location')}
              data={data.locations.map((l) => ({ value: l.locationId, label: `${l.name ?? l.locationId} (${l.timeZone})` }))}
              value={location?.locationId ?? null}
              onChange={setChosen}
              allowDeselect={false}
              w={320}
            />
          )}
        </Group>
      </Group>
      <Group gap="md" data-testid="reports-downloads">
        <Text size="sm">{t('reports.download')}</Text>
        <Anchor href={csv('days')} download size="sm">
          {t('reports.csv.days')}
        </Anchor>
        <Anchor href={csv('hours')} download size="sm">
          {t('reports.csv.hours')}
        </Anchor>
        <Anchor href={csv('therapies')} download size="sm">
          {t('reports.csv.therapies')}
        </Anchor>
      </Group>
      {!location ? (
        <Text>{t('reports.noLocations')}</Text>
      ) : (
        <>
          <Card withBorder>
            <Title order={3} size="h4">
              {t('reports.utilization.title')}
            </Title>
            <Legend
              items={[
                [t('reports.utilization.scheduled'), SCHEDULED],
                [t('reports.utilization.actual'), ACTUAL],
              ]}
            />
            <PairedBars
              testId="chart-utilization"
              label={t('reports.utilization.describe', {
                location: location.name ?? '',
                scheduled: location.total.scheduledUtilization === null ? '–' : fmtPercent(location.total.scheduledUtilization),
                actual: location.total.actualUtilization === null ? '–' : fmtPercent(location.total.actualUtilization),
              })}
              names={[t('reports.utilization.scheduled'), t('reports.utilization.actual')]}
              data={days.map((d) => ({ label: d.date.slice(5), a: d.scheduledUtilization, b: d.actualUtilization }))}
              format={fmtPercent}
            />
          </Card>
          <Card withBorder>
            <Title order={3} size="h4">
              {t('reports.heatmap.title')}
            </Title>
            <Text size="sm">{t('reports.heatmap.explain')}</Text>
            <Heatmap
              testId="chart-heatmap"
              label={t('reports.heatmap.describe', { location: location.name ?? '' })}
              columns={heatDays.map((d) => d.date)}
              rows={hours}
              cells={cells}
              max={Math.max(1, ...cells.map((c) => c.value))}
              describe={(c) => t('reports.heatmap.cell', { date: c.column, hour: c.row, chairs: c.value })}
            />
          </Card>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Card withBorder>
              <Title order={3} size="h4">
                {t('reports.waits.title')}
              </Title>
              <HorizontalBars
                testId="chart-waits"
                label={t('reports.waits.describe', { location: location.name ?? '' })}
                data={WAITS.flatMap((w) => [
                  {
                    label: `${t(`reports.waits.${w}`)} p50`,
                    value: location.total.waits[w].p50,
                    note: `n=${location.total.waits[w].n}`,
                  },
                  { label: `${t(`reports.waits.${w}`)} p90`, value: location.total.waits[w].p90 },
                ])}
                format={fmtMinutes}
              />
            </Card>
            <Card withBorder>
              <Title order={3} size="h4">
                {t('reports.noShows.title')}
              </Title>
              <HorizontalBars
                testId="chart-no-shows"
                label={t('reports.noShows.describe')}
                data={data.noShowsByLeadTime.map((b) => ({
                  label: t('reports.noShows.bucket', { bucket: b.bucket }),
                  value: b.rate,
                  note: t('reports.noShows.of', { noShows: b.noShows, visits: b.visits }),
                }))}
                format={fmtPercent}
                max={1}
              />
            </Card>
            <Card withBorder>
              <Title order={3} size="h4">
                {t('reports.reactions.title')}
              </Title>
              {therapies.length === 0 ? (
                <Text size="sm" data-testid="chart-reactions-empty">
                  {t('reports.reactions.none')}
                </Text>
              ) : (
                <HorizontalBars
                  testId="chart-reactions"
                  label={t('reports.reactions.describe')}
                  data={therapies.map((code) => {
                    const of = data.reactions.filter((r) => r.therapyCode === code);
                    return {
                      label: code,
                      value: of.reduce((s, r) => s + r.count, 0),
                      note: of.map((r) => t('reports.reactions.grade', { grade: r.grade, count: r.count })).join(', '),
                    };
                  })}
                  format={(v) => String(v)}
                />
              )}
            </Card>
            <Card withBorder>
              <Title order={3} size="h4">
                {t('reports.delivery.title')}
              </Title>
              <HorizontalBars
                testId="chart-delivery"
                label={t('reports.delivery.describe', {
                  rate: data.notifications.deliveryRate === null ? '–' : fmtPercent(data.notifications.deliveryRate),
                })}
                data={(['sent', 'delivered', 'failed', 'suppressed'] as const).map((k) => ({
                  label: t(`reports.delivery.${k}`),
                  value: data.notifications[k],
                }))}
                format={(v) => String(v)}
              />
              <Badge variant="light" color="gray" mt="xs">
                {t('reports.delivery.rate', {
                  rate: data.notifications.deliveryRate === null ? '–' : fmtPercent(data.notifications.deliveryRate),
                })}
              </Badge>
            </Card>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

export default ReportsScreen;
