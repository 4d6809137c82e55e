import { Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { service } from '../../api/client.js';
import type { Role } from '../../api/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatDateTime, zoneAbbreviation } from '../../time/zoned.js';

/** The roles scheduling's `GET /audit` serves (its @Roles): only they are offered the section. */
const AUDIT_READERS: readonly Role[] = ['admin', 'privacy-officer'];
export const mayReadAudit = (roles: readonly Role[]): boolean => roles.some((r) => AUDIT_READERS.includes(r));

/** Entries per page: enough for a screen, bounded so a busy patient's trail is never read whole. */
export const AUDIT_PAGE_SIZE = 20;
/** The audit API answers at most 366 days at once; the section reads the last year. */
const YEAR_MS = 365 * 24 * 3600_000;

/** One record of scheduling's audit trail (`GET /audit`), as its answer carries it. */
interface AuditRecord {
  seq: string;
  recordId: string;
  occurredAt: string;
  actorSubject: string | null;
  actorRoles: string[];
  resourceType: string;
  action: string;
  outcome: string;
  route: string;
}

/**
 * "Who looked at this record": scheduling's audit of this patient (every read, search hit and
 * change recorded there), newest first, a page at a time, read with the user's own token through
 * the BFF. Reading it is itself audited by scheduling. Times in the current location's zone.
 */
export function AuditOfLooks({ patientId }: { patientId: string }) {
  const { t, locale, has } = useI18n();
  const { location } = useCurrentLocation();
  const zone = location?.timeZone ?? 'UTC';
  // Fixed when the section opens, so the pages that follow read the same range.
  const [from] = useState(() => new Date(Date.now() - YEAR_MS).toISOString());
  // The `before` cursors of the pages shown so far: the last one is the page on screen ('' = newest).
  const [cursors, setCursors] = useState<string[]>(['']);
  const before = cursors[cursors.length - 1]!;
  const page = useQuery({
    queryKey: ['patient-audit', patientId, from, before],
    queryFn: () => {
      const query = new URLSearchParams({ patientId, from, limit: String(AUDIT_PAGE_SIZE) });
      if (before) query.set('before', before);
      return service<{ records: AuditRecord[]; next: string | null }>('scheduling', `/audit?${query.toString()}`);
    },
  });
  const label = (key: string, fallback: string) => (has(key) ? t(key) : fallback);
  const first = (cursors.length - 1) * AUDIT_PAGE_SIZE + 1;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="patient-audit-title" data-testid="patient-audit">
      <Title order={4} id="patient-audit-title">
        {t('patients.audit')}
      </Title>
      <Text size="sm">{t('patients.audit.hint', { zone: `${zone} (${zoneAbbreviation(new Date(), zone, locale)})` })}</Text>
      {page.isPending && <Loading />}
      {page.error && <ErrorState error={page.error} retry={() => void page.refetch()} />}
      {page.data && page.data.records.length === 0 && <Text size="sm">{t('patients.audit.none')}</Text>}
      {page.data && page.data.records.length > 0 && (
        <>
          <Text size="sm" mt="xs" aria-live="polite">
            {t('patients.audit.page', { from: first, to: first + page.data.records.length - 1 })}
          </Text>
          <Table mt="xs" data-testid="patient-audit-entries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('patients.audit.when')}</Table.Th>
                <Table.Th>{t('patients.audit.who')}</Table.Th>
                <Table.Th>{t('patients.audit.role')}</Table.Th>
                <Table.Th>{t('patients.audit.what')}</Table.Th>
                <Table.Th>{t('patients.audit.outcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.data.records.map((r) => (
                <Table.Tr key={r.recordId} data-audit-record={r.recordId}>
                  <Table.Td>{formatDateTime(r.occurredAt, zone, locale)}</Table.Td>
                  <Table.Td>{r.actorSubject ?? t('patients.audit.unknownActor')}</Table.Td>
                  <Table.Td>{r.actorRoles.map((role) => label(`role.${role}`, role)).join(', ')}</Table.Td>
                  <Table.Td>
                    {label(`audit.action.${r.action}`, r.action)} {label(`audit.resource.${r.resourceType}`, r.resourceType)}
                    <Text size="xs" c="dark.6" component="span" display="block">
                      {r.route}
                    </Text>
                  </Table.Td>
                  <Table.Td>{label(`audit.outcome.${r.outcome}`, r.outcome)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <Group mt="sm">
        {cursors.length > 1 && (
          <Button size="xs" variant="default" onClick={() => setCursors([''])}>
            {t('patients.audit.newest')}
          </Button>
        )}
        {page.data?.next && (
          <Button size="xs" variant="default" onClick={() => setCursors([...cursors, page.data.next!])}>
            {t('patients.audit.older')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
