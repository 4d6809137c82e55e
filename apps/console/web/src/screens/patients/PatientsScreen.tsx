import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, service } from '../../api/client.js';
import { useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import { useSession } from '../../api/session.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatDateTime } from '../../time/zoned.js';
import { AuditOfLooks, mayReadAudit } from './AuditOfLooks.js';
import { ContactFields } from './contact.js';
import { type ContactForm, type ContactPreferences, contactBody, fieldErrors, preferencesFor } from './contact-values.js';
import { TreatmentPlan } from './TreatmentPlan.js';

/** Scheduling's patient registry answers (GET /patients, GET /patients/{id}; no OpenAPI schema of the answers yet). */
interface PatientSummary {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phone: string | null;
}
interface RecordAppointment {
  id: string;
  locationId: string;
  therapyCode: string;
  /** A therapy the organisation defined (therapyCode is then the built-in it is counted as), or null. */
  therapyId: string | null;
  startsAt: string;
  status: string;
  confirmed: boolean;
  atRisk: boolean;
}
interface PatientRecord extends PatientSummary {
  email: string | null;
  preferredLanguage: 'en' | 'es';
  preferredChannel: 'email' | 'sms';
  notificationConsent: boolean;
  preferences: ContactPreferences | null;
  version: number;
  upcomingAppointments: RecordAppointment[];
  pastAppointments: RecordAppointment[];
  treatmentPlans: Array<{
    id: string;
    locationId: string;
    therapyCode: string;
    therapyId: string | null;
    doses: number;
    intervalDays: number;
    firstStartsAt: string;
    unplacedDoses: number;
  }>;
  waitlist: Array<{
    id: string;
    locationId: string;
    therapyCode: string;
    therapyId: string | null;
    earliest: string;
    latest: string;
    status: string;
  }>;
}
interface Message {
  id: string;
  kind: string;
  channel: string;
  status: string;
  dueAt: string;
}

const UTC = 'UTC';
const PATIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A patient's messages for one appointment, read from notifications when asked for (each read is audited there). */
function Messages({ appointmentId, timeZone }: { appointmentId: string; timeZone: string }) {
  const { t, locale } = useI18n();
  const messages = useQuery({
    queryKey: ['messages', appointmentId],
    queryFn: () => service<Message[]>('notifications', `/appointments/${appointmentId}/messages`),
  });
  if (messages.isPending) return <Loading />;
  if (messages.error) return <ErrorState error={messages.error} />;
  if (messages.data.length === 0) return <Text size="sm">{t('patients.noMessages')}</Text>;
  return (
    <Stack component="ul" gap={2} style={{ listStyle: 'none', padding: 0 }}>
      {messages.data.map((m) => (
        <Text component="li" size="sm" key={m.id}>
          {m.kind} · {m.channel} · {m.status} · {formatDateTime(m.dueAt, timeZone, locale)}
        </Text>
      ))}
    </Stack>
  );
}

function Appointments({
  title,
  rows,
  zoneOf,
}: {
  title: string;
  rows: RecordAppointment[];
  zoneOf: (locationId: string) => string;
}) {
  const { t, locale, has } = useI18n();
  const { therapyName } = useTherapies();
  const [shown, setShown] = useState<string | undefined>();
  const label = (key: string) => (has(key) ? t(key) : key);
  return (
    <section aria-label={title}>
      <Title order={4}>{title}</Title>
      {rows.length === 0 ? (
        <Text size="sm">{t('patients.none')}</Text>
      ) : (
        <Table mt="xs" data-testid={`appointments-${title}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('patients.when')}</Table.Th>
              <Table.Th>{t('patients.therapy')}</Table.Th>
              <Table.Th>{t('patients.status')}</Table.Th>
              <Table.Th>{t('patients.messages')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((a) => (
              <Table.Tr key={a.id} data-appointment={a.id}>
                <Table.Td>
                  {formatDateTime(a.startsAt, zoneOf(a.locationId), locale)} ({zoneOf(a.locationId)})
                </Table.Td>
                <Table.Td>{therapyName(a.therapyId ?? a.therapyCode)}</Table.Td>
                <Table.Td>
                  {label(`status.${a.status}`)}
                  {a.confirmed ? ` · ${t('patients.confirmed')}` : ''}
                  {a.atRisk ? ` · ${t('patients.atRisk')}` : ''}
                </Table.Td>
                <Table.Td>
                  {shown === a.id ? (
                    <Messages appointmentId={a.id} timeZone={zoneOf(a.locationId)} />
                  ) : (
                    <Button size="xs" variant="default" onClick={() => setShown(a.id)}>
                      {t('patients.showMessages')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}

/** Demographics, changed with the version read (If-Match): a change by someone else meanwhile is refused, not overwritten. */
function Demographics({ record, onSaved }: { record: PatientRecord; onSaved: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    givenName: record.givenName,
    familyName: record.familyName,
    dateOfBirth: record.dateOfBirth,
    mrn: record.mrn,
  });
  const save = useMutation({
    mutationFn: () =>
      service('scheduling', `/patients/${record.id}/demographics`, {
        method: 'PUT',
        headers: { 'if-match': `"${record.version}"` },
        body: form,
      }),
    onSuccess: onSaved,
  });
  const field = (key: keyof typeof form, label: string) => (
    <TextInput label={label} required value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })} />
  );
  return (
    <Paper withBorder p="md" component="section" aria-label={t('patients.demographics')}>
      <Title order={4}>{t('patients.demographics')}</Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <SimpleGrid cols={{ base: 2, md: 4 }} mt="sm">
          {field('givenName', t('patients.givenName'))}
          {field('familyName', t('patients.familyName'))}
          {field('dateOfBirth', t('patients.dateOfBirth'))}
          {field('mrn', t('patients.mrnLabel'))}
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit" loading={save.isPending}>
            {t('patients.save')}
          </Button>
          {save.isSuccess && (
            <Text role="status" data-testid="demographics-saved">
              {t('patients.saved')}
            </Text>
          )}
        </Group>
        {save.error && <ErrorState error={save.error} />}
      </form>
    </Paper>
  );
}

/**
 * How the patient is reached, changed with the version read (If-Match): scheduling replaces the
 * whole contact state, so a change by someone else meanwhile is refused (409), never overwritten;
 * Reload reads the record again. A field scheduling refuses is named under its input.
 */
function Contact({ record, onSaved, onReload }: { record: PatientRecord; onSaved: () => void; onReload: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<ContactForm>({
    phone: record.phone ?? '',
    email: record.email ?? '',
    preferredLanguage: record.preferredLanguage,
    preferredChannel: record.preferredChannel,
    notificationConsent: record.notificationConsent,
  });
  const save = useMutation({
    mutationFn: () => {
      const preferences = preferencesFor(form, record.preferences);
      return service<{ id: string; version: number }>('scheduling', `/patients/${record.id}/contact`, {
        method: 'PUT',
        headers: { 'if-match': `"${record.version}"` },
        body: { ...contactBody(form), ...(preferences ? { preferences } : {}) },
      });
    },
    onSuccess: onSaved,
  });
  const conflict = save.error instanceof ApiError && (save.error.status === 409 || save.error.status === 412);
  const summary =
    !record.phone && !record.email
      ? t('patients.contact.none')
      : !record.notificationConsent
        ? t('patients.contact.noConsent')
        : t('patients.contact.summary', {
            channel: t(`contact.channel.${record.preferredChannel}`),
            language: t(`contact.language.${record.preferredLanguage}`),
          });
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="patient-contact-title"
      data-testid="patient-contact"
      data-version={record.version}
    >
      <Title order={4} id="patient-contact-title">
        {t('patients.contact')}
      </Title>
      <Text size="sm" data-testid="contact-summary">
        {summary}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <ContactFields idPrefix="contact" value={form} onChange={setForm} errors={fieldErrors(save.error)} />
        <Group mt="sm">
          <Button type="submit" loading={save.isPending}>
            {t('patients.contact.save')}
          </Button>
        </Group>
        {save.error && !conflict && Object.keys(fieldErrors(save.error)).length === 0 && <ErrorState error={save.error} />}
        {conflict && (
          <Alert color="red" mt="sm" role="alert" title={t('app.error.title')}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('app.error.conflict')}</Text>
              <Button size="xs" variant="default" onClick={onReload}>
                {t('patients.contact.reload')}
              </Button>
            </Stack>
          </Alert>
        )}
      </form>
    </Paper>
  );
}

/** Find a patient by name (typos forgiven), date of birth or medical record number, and read their record. */
export default function PatientsScreen() {
  const { t, locale } = useI18n();
  const { therapyName } = useTherapies();
  const queryClient = useQueryClient();
  const session = useSession();
  const [criteria, setCriteria] = useState({ name: '', dateOfBirth: '', mrn: '' });
  const [search, setSearch] = useState<string | undefined>();
  // The record shown is in the URL (`?patient=<id>`): another screen links to it (a Queues item),
  // and a reload or the back button keeps it.
  const [params, setParams] = useSearchParams();
  const patientId = params.get('patient') ?? undefined;
  const setPatientId = (id: string | undefined) => setParams(id ? { patient: id } : {});
  const results = useQuery({
    queryKey: ['patients', search],
    queryFn: () => service<{ items: PatientSummary[] }>('scheduling', `/patients?${search}&limit=20`),
    enabled: search !== undefined,
  });
  const record = useQuery({
    queryKey: ['patient', patientId],
    queryFn: () => api<PatientRecord>(`/api/services/scheduling/patients/${patientId}`),
    enabled: !!patientId && PATIENT_ID.test(patientId),
  });
  // Scheduling answers a patient this user does not see as one that does not exist: both read the same.
  const noSuchPatient =
    (!!patientId && !PATIENT_ID.test(patientId)) || (record.error instanceof ApiError && record.error.status === 404);
  const zones = new Map((session.data?.locations ?? []).map((l) => [l.id, l.timeZone]));
  const zoneOf = (locationId: string) => zones.get(locationId) ?? UTC;

  return (
    <Stack gap="md">
      <Title order={2}>{t('patients.title')}</Title>
      <Paper withBorder p="md" component="section" aria-label={t('patients.find')}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const query = new URLSearchParams();
            for (const [key, value] of Object.entries(criteria)) if (value.trim()) query.set(key, value.trim());
            setPatientId(undefined);
            setSearch(query.toString());
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('patients.byName')}
              value={criteria.name}
              onChange={(e) => setCriteria({ ...criteria, name: e.currentTarget.value })}
            />
            <TextInput
              label={t('patients.byDateOfBirth')}
              placeholder="YYYY-MM-DD"
              value={criteria.dateOfBirth}
              onChange={(e) => setCriteria({ ...criteria, dateOfBirth: e.currentTarget.value })}
            />
            <TextInput
              label={t('patients.byMrn')}
              value={criteria.mrn}
              onChange={(e) => setCriteria({ ...criteria, mrn: e.currentTarget.value })}
            />
          </SimpleGrid>
          <Button type="submit" mt="sm">
            {t('patients.search')}
          </Button>
        </form>
        {results.isFetching && <Loading />}
        {results.error && <ErrorState error={results.error} />}
        {results.data && (
          <Stack component="ul" gap="xs" mt="sm" style={{ listStyle: 'none', padding: 0 }} aria-label={t('patients.results')}>
            {results.data.items.length === 0 && <Text>{t('patients.noneFound')}</Text>}
            {results.data.items.map((p) => (
              <li key={p.id}>
                <Button
                  variant={p.id === patientId ? 'filled' : 'default'}
                  onClick={() => setPatientId(p.id)}
                  data-patient={p.id}
                >
                  {p.familyName}, {p.givenName} · {p.dateOfBirth} · {p.mrn}
                </Button>
              </li>
            ))}
          </Stack>
        )}
      </Paper>

      {record.isPending && patientId && !noSuchPatient && <Loading />}
      {noSuchPatient && (
        <Text role="status" data-testid="patient-not-found">
          {t('patients.notFound')}
        </Text>
      )}
      {record.error && !noSuchPatient && <ErrorState error={record.error} retry={() => void record.refetch()} />}
      {record.data && (
        <Stack gap="md" data-testid="patient-record">
          <Title order={3}>
            {record.data.familyName}, {record.data.givenName}{' '}
            <Badge color="dark.7" size="lg">
              {record.data.mrn}
            </Badge>
          </Title>
          <Demographics
            key={record.data.version}
            record={record.data}
            onSaved={() => void queryClient.invalidateQueries({ queryKey: ['patient', patientId] })}
          />
          <Contact
            key={`contact-${record.data.version}`}
            record={record.data}
            onSaved={() => void queryClient.invalidateQueries({ queryKey: ['patient', patientId] })}
            onReload={() => void record.refetch()}
          />
          <Appointments title={t('patients.upcoming')} rows={record.data.upcomingAppointments} zoneOf={zoneOf} />
          <Appointments title={t('patients.past')} rows={record.data.pastAppointments} zoneOf={zoneOf} />
          <section aria-label={t('patients.plans')}>
            <Title order={4}>{t('patients.plans')}</Title>
            {record.data.treatmentPlans.length === 0 && <Text size="sm">{t('patients.none')}</Text>}
            {record.data.treatmentPlans.map((p) => (
              <TreatmentPlan
                key={p.id}
                planId={p.id}
                locationId={p.locationId}
                timeZone={zoneOf(p.locationId)}
                summary={t('patients.plan', {
                  therapy: therapyName(p.therapyId ?? p.therapyCode),
                  doses: p.doses,
                  days: p.intervalDays,
                  unplaced: p.unplacedDoses,
                })}
                onChanged={() => void queryClient.invalidateQueries({ queryKey: ['patient', patientId] })}
              />
            ))}
          </section>
          <section aria-label={t('patients.waitlist')}>
            <Title order={4}>{t('patients.waitlist')}</Title>
            {record.data.waitlist.length === 0 && <Text size="sm">{t('patients.none')}</Text>}
            {record.data.waitlist.map((w) => (
              <Text size="sm" key={w.id}>
                {therapyName(w.therapyId ?? w.therapyCode)} · {formatDateTime(w.earliest, zoneOf(w.locationId), locale)} –{' '}
                {formatDateTime(w.latest, zoneOf(w.locationId), locale)} ({zoneOf(w.locationId)}) · {w.status}
              </Text>
            ))}
          </section>
          {mayReadAudit(session.data?.user.roles ?? []) && <AuditOfLooks patientId={record.data.id} />}
        </Stack>
      )}
    </Stack>
  );
}
