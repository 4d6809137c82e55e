import { Anchor, Badge, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { everyPage } from '../../api/every-page.js';
import { data, reporting } from '../../api/typed.js';
import { useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { rememberedLocation } from '../../shell/current-location.js';
import { ACTUAL, Heatmap, HorizontalBars, Legend, PairedBars, SCHEDULED } from './charts.js';
import { formatShare } from './report-format.js';
import { reportChoices, reportLocation, reportPeriod } from './report-period.js';

const PERIODS = ['7', '14', '30'] as const;
const WAITS = ['checkInToChair', 'chairToDrugReady', 'drugReadyToStart'] as const;
/** Reporting's cap on one page of `GET /reports/locations` (MAX_DIRECTORY_LISTED there; a larger limit is refused). */
const DIRECTORY_PAGE = 500;

export function ReportsScreen() {
  const { t, locale } = useI18n();
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('14');
  const [chosen, setChosen] = useState<string | null>(null);
  // The centers come from reporting's directory, narrowed there to the user's grant (scheduling
  // lists none to a manager); each report's days are then counted in the zone of the location
  // shown, never the browser's.
  const listed = useQuery({
    queryKey: ['reports', 'locations'],
    queryFn: async () =>
      reportChoices(
        await everyPage(
          (offset, limit) => data(reporting.GET('/reports/locations', { params: { query: { offset, limit } } })),
          DIRECTORY_PAGE,
        ),
      ),
    staleTime: 5 * 60_000,
  });
  const shown = listed.data ? reportLocation(listed.data.reportable, chosen, rememberedLocation()) : undefined;
  const { from, to } = reportPeriod(new Date(), Number(period), shown?.timeZone ?? 'UTC');
  // Every chart and download is of the location shown: a chart of reactions or messages summed over
  // other centers beside this one's utilization would read as this center's; and one location's
  // heatmap stays within reporting's bound however many centers the user may see.
  const range = `from=${from}&to=${to}${shown ? `&locationId=${shown.locationId}` : ''}`;
  const report = useQuery({
    queryKey: ['reports', 'kpis', shown?.locationId, from, to],
    queryFn: () =>
      data(
        reporting.GET('/reports/kpis', {
          params: { query: { from, to, ...(shown ? { locationId: shown.locationId } : {}), include: 'heatmap' } },
        }),
      ),
    enabled: listed.isSuccess,
  });
  const percent = useMemo(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }), [locale]);
  const minutes = useMemo(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }), [locale]);
  // Reporting counts by the built-in therapy; the catalog names it as the organisation does.
  const { therapyName } = useTherapies();
  const fmtPercent = (v: number) => formatShare(v, percent);
  const fmtMinutes = (v: number) => t('reports.minutes', { value: minutes.format(v) });

  if (listed.error) return <ErrorState error={listed.error} retry={() => void listed.refetch()} />;
  if (report.isPending) return <Loading />;
  if (report.error) return <ErrorState error={report.error} retry={() => void report.refetch()} />;
  const kpis = report.data;
  const location = reportLocation(kpis.locations, shown?.locationId ?? null, null);
  const choices = [
    ...(listed.data?.reportable ?? []).map((l) => ({ value: l.locationId, label: `${l.name ?? l.locationId} (${l.timeZone})` })),
    ...(listed.data?.withoutZone ?? []).map((l) => ({
      value: l.locationId,
      label: t('reports.locationWithoutZone', { location: l.name ?? l.locationId }),
      disabled: true,
    })),
  ];
  const freshness = kpis.freshAsOf
    ? t('reports.freshAsOf', {
        time: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: location?.timeZone }).format(
          new Date(kpis.freshAsOf),
        ),
        zone: location?.timeZone ?? 'UTC',
      })
    : t('reports.noFacts');
  const lag =
    kpis.consumerLag === null
      ? t('reports.lagUnknown')
      : kpis.consumerLag.caughtUp
        ? t('reports.caughtUp')
        : t('reports.catchingUp');
  const days = location?.days ?? [];
  const heatDays = location?.heatmap ?? [];
  const hours = [...new Set(heatDays.flatMap((d) => d.hours.map((h) => h.hour)))].sort();
  const cells = heatDays.flatMap((d) => d.hours.map((h) => ({ column: d.date, row: h.hour, value: h.scheduledChairsPeak })));
  const therapies = [...new Set(kpis.reactions.map((r) => r.therapyCode))].sort();
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
          {choices.length > 0 && (
            <Select
              label={t('reports.location')}
              data={choices}
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
                data={kpis.noShowsByLeadTime.map((b) => ({
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
                    const of = kpis.reactions.filter((r) => r.therapyCode === code);
                    return {
                      label: therapyName(code),
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
                  rate: kpis.notifications.deliveryRate === null ? '–' : fmtPercent(kpis.notifications.deliveryRate),
                })}
                data={(['sent', 'delivered', 'failed', 'suppressed'] as const).map((k) => ({
                  label: t(`reports.delivery.${k}`),
                  value: kpis.notifications[k],
                }))}
                format={(v) => String(v)}
              />
              <Badge variant="light" color="gray" mt="xs">
                {t('reports.delivery.rate', {
                  rate: kpis.notifications.deliveryRate === null ? '–' : fmtPercent(kpis.notifications.deliveryRate),
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
