import { Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client.js';
import type { Role } from '../../api/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatDateTime, zoneAbbreviation } from '../../time/zoned.js';

/** The roles the services' `GET /audit` serves for one patient (libs/audit): only they are offered the section. */
const AUDIT_READERS: readonly Role[] = ['admin', 'privacy-officer', 'scheduler', 'charge-nurse'];
export const mayReadAudit = (roles: readonly Role[]): boolean => roles.some((r) => AUDIT_READERS.includes(r));

/** One look at the patient's data, as the BFF's `GET /api/patients/{id}/looks` gives it. */
interface Look {
  recordId: string;
  service: 'scheduling' | 'sessions' | 'notifications' | 'reporting';
  occurredAt: string;
  actorSubject: string | null;
  actorRoles: string[];
  resourceType: string;
  action: string;
  outcome: string;
  route: string;
}

/**
 * "Who looked at this patient": every service's audit of this patient (scheduling's record and
 * searches, sessions' chair-side reads and steps, notifications' messages, reporting's trail
 * searches), merged newest first by the BFF, read with the user's own token, 20 at a time; "Load
 * more" adds the next page below, by the cursor the BFF handed out (nothing skipped or repeated).
 * Reading it is itself audited by every service. Times in the current location's zone.
 */
export function AuditOfLooks({ patientId }: { patientId: string }) {
  const { t, locale, has } = useI18n();
  const { location } = useCurrentLocation();
  const zone = location?.timeZone ?? 'UTC';
  const looks = useInfiniteQuery({
    queryKey: ['patient-looks', patientId],
    queryFn: ({ pageParam }) =>
      api<{ looks: Look[]; next: string | null }>(
        `/api/patients/${encodeURIComponent(patientId)}/looks${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const label = (key: string, fallback: string) => (has(key) ? t(key) : fallback);
  const rows = looks.data?.pages.flatMap((p) => p.looks) ?? [];
  const unknown = looks.error instanceof ApiError && looks.error.status === 404;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="patient-audit-title" data-testid="patient-audit">
      <Title order={4} id="patient-audit-title">
        {t('patients.audit')}
      </Title>
      <Text size="sm">{t('patients.audit.hint', { zone: `${zone} (${zoneAbbreviation(new Date(), zone, locale)})` })}</Text>
      {looks.isPending && <Loading />}
      {unknown && <Text size="sm">{t('patients.notFound')}</Text>}
      {looks.error && !unknown && <ErrorState error={looks.error} retry={() => void looks.refetch()} />}
      {looks.data && rows.length === 0 && <Text size="sm">{t('patients.audit.none')}</Text>}
      {rows.length > 0 && (
        <>
          <Text size="sm" mt="xs" aria-live="polite" data-testid="patient-audit-count">
            {t('patients.audit.shown', { count: rows.length })}
          </Text>
          <Table mt="xs" data-testid="patient-audit-entries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('patients.audit.when')}</Table.Th>
                <Table.Th>{t('patients.audit.who')}</Table.Th>
                <Table.Th>{t('patients.audit.role')}</Table.Th>
                <Table.Th>{t('patients.audit.what')}</Table.Th>
                <Table.Th>{t('patients.audit.service')}</Table.Th>
                <Table.Th>{t('patients.audit.outcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.recordId} data-audit-record={r.recordId} data-service={r.service}>
                  <Table.Td>{formatDateTime(r.occurredAt, zone, locale)}</Table.Td>
                  <Table.Td>{r.actorSubject ?? t('patients.audit.unknownActor')}</Table.Td>
                  <Table.Td>{r.actorRoles.map((role) => label(`role.${role}`, role)).join(', ')}</Table.Td>
                  <Table.Td>
                    {label(`audit.action.${r.action}`, r.action)} {label(`audit.resource.${r.resourceType}`, r.resourceType)}
                    <Text size="xs" c="dark.6" component="span" display="block">
                      {r.route}
                    </Text>
                  </Table.Td>
                  <Table.Td>{label(`audit.service.${r.service}`, r.service)}</Table.Td>
                  <Table.Td>{label(`audit.outcome.${r.outcome}`, r.outcome)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      {looks.hasNextPage && (
        <Group mt="sm">
          <Button size="xs" variant="default" loading={looks.isFetchingNextPage} onClick={() => void looks.fetchNextPage()}>
            {t('patients.audit.more')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}
