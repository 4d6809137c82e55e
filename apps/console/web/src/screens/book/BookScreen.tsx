import { Alert, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { service } from '../../api/client.js';
import { data, scheduling } from '../../api/typed.js';
import { therapyBody, useTherapies } from '../../api/use-therapies.js';
import { useI18n } from '../../i18n/i18n.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState } from '../../shell/States.js';
import { endOfLocalDay, formatDateTime, formatTime, zoneAbbreviation } from '../../time/zoned.js';
import { type Appointment, ProblemAlert, type Slot } from '../appointments/AppointmentActions.js';
import { ContactFields } from '../patients/contact.js';
import { type ContactForm, contactBody, fieldErrors, NO_CONTACT } from '../patients/contact-values.js';
import { BookPlan } from './BookPlan.js';
import { JoinWaitlist } from './JoinWaitlist.js';
import type { BookPatientRecord } from './patient-record.js';
import { ProblemText } from './ProblemText.js';
import { slotReasons } from './slot-reasons.js';
import { UpcomingAppointments } from './UpcomingAppointments.js';

const DAY_MS = 24 * 3600_000;
/**
 * How long a slot is held while the scheduler confirms it with the patient (on the phone, at the
 * desk): scheduling keeps chair, nurse and patient time for it, then its sweeper releases it.
 */
export const HOLD_MINUTES = 15;

/** A patient as scheduling's search lists them (GET /patients; the answer has no OpenAPI schema yet). */
interface FoundPatient {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

/**
 * The scheduler's Book screen: a patient (found by name, date of birth or MRN with scheduling's
 * search, or registered here), a therapy, the slots ranked by scheduling (level load first); a slot
 * booked at once or held while the patient confirms, then booked or released; the patient's
 * upcoming appointments here rescheduled or cancelled; the waitlist when no slot suits.
 */
export function BookScreen() {
  const { t, locale } = useI18n();
  const { location } = useCurrentLocation();
  const queryClient = useQueryClient();
  const [patient, setPatient] = useState<{ id: string; name: string } | undefined>();
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [contact, setContact] = useState<ContactForm>(NO_CONTACT);
  // A built-in's code or a defined therapy's id (scheduling's catalog; Setup adds to it).
  const [therapy, setTherapy] = useState<string | null>(null);
  const catalog = useTherapies();
  const [range, setRange] = useState<string>('today');
  const [search, setSearch] = useState<{ from: string; to: string } | undefined>();
  const [criteria, setCriteria] = useState({ name: '', dateOfBirth: '', mrn: '' });
  const [patientSearch, setPatientSearch] = useState<typeof criteria | undefined>();

  // Each search is an audited read at scheduling; only what the user's grant sees is listed.
  const found = useQuery({
    queryKey: ['book-patients', patientSearch],
    enabled: !!patientSearch,
    queryFn: async () => {
      const query = Object.fromEntries(Object.entries(patientSearch!).filter(([, v]) => v !== ''));
      const answer = await data(scheduling.GET('/patients', { params: { query: { ...query, limit: 10 } } }));
      return (answer as unknown as { items: FoundPatient[] }).items;
    },
  });

  const register = useMutation({
    // Its answer is not described in scheduling's OpenAPI document yet.
    mutationFn: () =>
      service<{ id: string }>('scheduling', '/patients', {
        method: 'POST',
        // Registered at this location, so staff limited to it see the patient before the first booking.
        // With how to reach them: without a phone or email and consent, no reminder is ever sent.
        body: { givenName, familyName, dateOfBirth, locationId: location!.id, ...contactBody(contact) },
      }),
    onSuccess: ({ id }) => setPatient({ id, name: `${givenName} ${familyName}` }),
  });
  const resources = useQuery({
    queryKey: ['resources', location?.id],
    enabled: !!location,
    queryFn: async () => {
      const [chairs, nurses] = await Promise.all([
        data(scheduling.GET('/locations/{locationId}/chairs', { params: { path: { locationId: location!.id } } })),
        // Its answer is not described in scheduling's OpenAPI document yet.
        service<Array<{ id: string; displayName: string }>>('scheduling', `/locations/${location!.id}/nurses`),
      ]);
      return {
        chairs: new Map(chairs.map((c) => [c.id, c.label])),
        nurses: new Map(nurses.map((n) => [n.id, n.displayName])),
      };
    },
  });
  // The chosen patient's record (an audited read): their upcoming appointments and waitlist requests here.
  const record = useQuery({
    queryKey: ['book-record', patient?.id],
    enabled: !!patient,
    queryFn: () => service<BookPatientRecord>('scheduling', `/patients/${patient!.id}`),
  });
  const slots = useQuery({
    queryKey: ['slots', location?.id, patient?.id, therapy, search],
    enabled: !!location && !!patient && !!therapy && !!search,
    queryFn: () =>
      data(
        scheduling.GET('/locations/{locationId}/slots', {
          params: {
            path: { locationId: location!.id },
            query: { ...therapyBody(therapy!), patientId: patient!.id, from: search!.from, to: search!.to, limit: 10 },
          },
        }),
      ),
  });
  // What changed the patient's appointments shows in their record and in the slots left.
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ['book-record'] });
    void queryClient.invalidateQueries({ queryKey: ['slots'] });
  };
  /** The slot as shown (its chair and nurse), booked or held (with holdMinutes). */
  const place = (slot: Slot, holdMinutes?: number) =>
    data(
      scheduling.POST('/locations/{locationId}/appointments', {
        params: { path: { locationId: location!.id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
        body: {
          patientId: patient!.id,
          ...therapyBody(therapy!),
          startsAt: slot.start,
          chairId: slot.chairId,
          nurseId: slot.nurseId,
          ...(holdMinutes !== undefined ? { holdMinutes } : {}),
        },
      }),
    );
  const book = useMutation({ mutationFn: (slot: Slot) => place(slot), onSuccess: changed });
  const hold = useMutation({
    mutationFn: async (slot: Slot) => ({ appointment: await place(slot, HOLD_MINUTES), name: patient!.name }),
    onSuccess: changed,
  });
  // The hold is booked or released with the version it was created with: anyone else's change meanwhile is refused.
  const heldParams = (held: Appointment) => ({
    path: { locationId: held.locationId, appointmentId: held.id },
    header: { 'If-Match': `"${held.version}"` },
  });
  const heldAction = (action: 'book' | 'release', held: Appointment) =>
    data(
      action === 'book'
        ? scheduling.POST('/locations/{locationId}/appointments/{appointmentId}/book', { params: heldParams(held) })
        : scheduling.POST('/locations/{locationId}/appointments/{appointmentId}/release', { params: heldParams(held) }),
    );
  const bookHeld = useMutation({ mutationFn: (held: Appointment) => heldAction('book', held), onSuccess: changed });
  const release = useMutation({ mutationFn: (held: Appointment) => heldAction('release', held), onSuccess: changed });
  const held = hold.data && !bookHeld.isSuccess && !release.isSuccess ? hold.data : undefined;
  const booked = book.data ?? bookHeld.data;
  // The button pressed is disabled or gone once the slot is held, booked or released: the focus
  // goes to what happened, so keyboard users keep their place and screen readers hear it.
  const outcomeRef = useRef<HTMLDivElement>(null);
  const outcome = held?.appointment.id ?? booked?.id ?? release.data?.id;
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  if (!location) return null;
  const zone = `${location.timeZone} (${zoneAbbreviation(new Date(), location.timeZone, locale)})`;
  const findSlots = (event: FormEvent) => {
    event.preventDefault();
    const now = new Date();
    const to = range === 'today' ? endOfLocalDay(now, location.timeZone) : new Date(now.getTime() + 7 * DAY_MS);
    setSearch({ from: new Date(now.getTime() + 5 * 60_000).toISOString(), to: to.toISOString() });
    book.reset();
    // A hold still standing stays on screen until it is booked or released.
    if (!held) {
      hold.reset();
      bookHeld.reset();
      release.reset();
    }
  };
  const chairName = (id: string) => resources.data?.chairs.get(id) ?? id.slice(0, 8);
  const nurseName = (id: string) => resources.data?.nurses.get(id) ?? id.slice(0, 8);
  const placing = book.isPending || hold.isPending;
  // The tie-break scheduling ranks by after the score: said of the earliest slot offered.
  const earliestStart = slots.data?.reduce<string | undefined>(
    (first, s) => (first === undefined || new Date(s.start) < new Date(first) ? s.start : first),
    undefined,
  );

  return (
    <Stack gap="md" maw={900}>
      <Title order={2}>{t('book.title', { location: location.name })}</Title>
      <Text size="sm">{t('today.timezone', { zone })}</Text>

      <Paper withBorder p="md" component="section" aria-labelledby="book-patient">
        <Title order={3} size="h4" id="book-patient">
          {t('book.patient')}
        </Title>
        {patient ? (
          <Group justify="space-between">
            <Text data-testid="book-patient">{t('book.patientChosen', { name: patient.name })}</Text>
            <Button variant="default" size="xs" onClick={() => setPatient(undefined)}>
              {t('book.changePatient')}
            </Button>
          </Group>
        ) : (
          <>
            <form
              aria-label={t('book.find')}
              onSubmit={(event) => {
                event.preventDefault();
                const trimmed = {
                  name: criteria.name.trim(),
                  dateOfBirth: criteria.dateOfBirth.trim(),
                  mrn: criteria.mrn.trim(),
                };
                setPatientSearch(trimmed);
              }}
            >
              <Text size="sm" mb="xs">
                {t('book.findHint')}
              </Text>
              <Group align="flex-end">
                <TextInput
                  label={t('book.findName')}
                  value={criteria.name}
                  onChange={(e) => setCriteria({ ...criteria, name: e.currentTarget.value })}
                />
                <TextInput
                  label={t('book.findDateOfBirth')}
                  type="date"
                  value={criteria.dateOfBirth}
                  onChange={(e) => setCriteria({ ...criteria, dateOfBirth: e.currentTarget.value })}
                />
                <TextInput
                  label={t('patients.byMrn')}
                  value={criteria.mrn}
                  onChange={(e) => setCriteria({ ...criteria, mrn: e.currentTarget.value })}
                />
                <Button type="submit" variant="default" loading={found.isFetching}>
                  {t('book.find')}
                </Button>
              </Group>
              {found.error && <ProblemText error={found.error} />}
              {found.data && found.data.length === 0 && (
                <Text size="sm" mt="xs" data-testid="book-none-found">
                  {t('book.noneFound')}
                </Text>
              )}
              {found.data && found.data.length > 0 && (
                <Stack
                  component="ul"
                  gap={4}
                  mt="xs"
                  style={{ listStyle: 'none', padding: 0 }}
                  aria-label={t('book.found')}
                  data-testid="book-found"
                >
                  {found.data.map((p) => {
                    const name = `${p.givenName} ${p.familyName}`;
                    return (
                      <li key={p.id}>
                        <Button variant="default" size="xs" data-patient={p.id} onClick={() => setPatient({ id: p.id, name })}>
                          {p.familyName}, {p.givenName} · {p.dateOfBirth} · {p.mrn}
                        </Button>
                      </li>
                    );
                  })}
                </Stack>
              )}
            </form>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                register.mutate();
              }}
            >
              <Text size="sm" mb="xs">
                {t('book.registerHint')}
              </Text>
              <Group align="flex-end">
                <TextInput
                  label={t('book.givenName')}
                  value={givenName}
                  onChange={(e) => setGivenName(e.currentTarget.value)}
                  required
                />
                <TextInput
                  label={t('book.familyName')}
                  value={familyName}
                  onChange={(e) => setFamilyName(e.currentTarget.value)}
                  required
                />
                <TextInput
                  label={t('book.dateOfBirth')}
                  type="date"
                  value={dateOfBirth}
                  onChange={(e) => setDateOfBirth(e.currentTarget.value)}
                  required
                />
              </Group>
              <Text size="sm" mt="sm" mb="xs">
                {t('contact.registerHint')}
              </Text>
              <ContactFields idPrefix="register" value={contact} onChange={setContact} errors={fieldErrors(register.error)} />
              <Button type="submit" mt="sm" loading={register.isPending}>
                {t('book.register')}
              </Button>
              {register.error && <ProblemText error={register.error} />}
            </form>
          </>
        )}
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="book-slot">
        <Title order={3} size="h4" id="book-slot">
          {t('book.slot')}
        </Title>
        <form onSubmit={findSlots}>
          <Group align="flex-end">
            <Select
              label={t('book.therapy')}
              data={catalog.therapies.map((c) => ({ value: c.key, label: c.name }))}
              value={therapy}
              onChange={setTherapy}
              required
              searchable
              data-testid="book-therapy"
            />
            <Select
              label={t('book.when')}
              data={[
                { value: 'today', label: t('book.when.today') },
                { value: 'week', label: t('book.when.week') },
              ]}
              value={range}
              onChange={(v) => v && setRange(v)}
              allowDeselect={false}
            />
            <Button type="submit" disabled={!patient || !therapy}>
              {t('book.findSlots')}
            </Button>
          </Group>
        </form>
        {catalog.error && <ErrorState error={catalog.error} retry={catalog.refetch} />}
        {slots.error && <ErrorState error={slots.error} retry={() => void slots.refetch()} />}
        {slots.data && slots.data.length === 0 && <Text mt="sm">{t('book.noSlots')}</Text>}
        {slots.data && slots.data.length > 0 && (
          <Table mt="sm" data-testid="slots" highlightOnHover>
            <Table.Caption style={{ color: 'var(--mantine-color-black)' }}>{t('book.ranked')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('book.rank')}</Table.Th>
                <Table.Th>{t('book.start')}</Table.Th>
                <Table.Th>{t('today.chair')}</Table.Th>
                <Table.Th>{t('book.nurse')}</Table.Th>
                <Table.Th>{t('book.why')}</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">{t('book.action')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {slots.data.map((slot, i) => (
                <Table.Tr key={`${slot.start}-${slot.chairId}-${slot.nurseId}`} data-slot={slot.start} data-rank={i + 1}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>
                    {formatDateTime(slot.start, location.timeZone, locale)}–
                    {formatDateTime(slot.end, location.timeZone, locale).slice(-5)}
                  </Table.Td>
                  <Table.Td>{chairName(slot.chairId)}</Table.Td>
                  <Table.Td>{nurseName(slot.nurseId)}</Table.Td>
                  <Table.Td>
                    <Stack component="ul" gap={0} style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="slot-why">
                      {slotReasons(
                        slot.reasons,
                        nurseName(slot.nurseId),
                        slot.start === earliestStart,
                        locale,
                        tiesWithAbove(slots.data, i) ? i : undefined,
                      ).map(({ key, values }) => (
                        <Text component="li" size="sm" key={key}>
                          {t(key, values)}
                        </Text>
                      ))}
                      <Text component="li" size="xs" c="dark.9">
                        {t('book.why.score', {
                          score: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
                            slot.score,
                          ),
                        })}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => hold.mutate(slot)}
                        loading={hold.isPending && hold.variables === slot}
                        disabled={!!booked || !!held || (placing && !(hold.isPending && hold.variables === slot))}
                      >
                        {t('book.hold')}
                      </Button>
                      <Button
                        size="xs"
                        onClick={() => book.mutate(slot)}
                        loading={book.isPending && book.variables === slot}
                        disabled={!!booked || !!held || (placing && !(book.isPending && book.variables === slot))}
                      >
                        {t('book.book')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {book.error && <ProblemText error={book.error} />}
        {hold.error && <ProblemText error={hold.error} />}
        {held && (
          <Alert
            color="blue"
            mt="sm"
            role="status"
            title={t('book.held.title')}
            data-testid="held"
            data-appointment={held.appointment.id}
            ref={outcomeRef}
            tabIndex={-1}
          >
            <Stack gap="xs" align="flex-start">
              <Text c="dark.9" size="sm">
                {t('book.held', {
                  name: held.name,
                  when: `${formatDateTime(held.appointment.startsAt, location.timeZone, locale)} ${zone}`,
                  chair: chairName(held.appointment.chairId),
                  nurse: nurseName(held.appointment.nurseId),
                  until: held.appointment.holdExpiresAt
                    ? formatTime(held.appointment.holdExpiresAt, location.timeZone, locale)
                    : '',
                  minutes: HOLD_MINUTES,
                })}
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  onClick={() => bookHeld.mutate(held.appointment)}
                  loading={bookHeld.isPending}
                  disabled={release.isPending}
                >
                  {t('book.held.book')}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => release.mutate(held.appointment)}
                  loading={release.isPending}
                  disabled={bookHeld.isPending}
                >
                  {t('book.held.release')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {(bookHeld.error ?? release.error) && (
          <ProblemAlert
            error={bookHeld.error ?? release.error}
            timeZone={location.timeZone}
            testId="held-problem"
            // Reading again: the hold may have lapsed or been changed; the slots show what is free now.
            reload={() => {
              bookHeld.reset();
              release.reset();
              hold.reset();
              changed();
            }}
          />
        )}
        {booked && (
          <Alert
            color="green"
            mt="sm"
            role="status"
            data-testid="booked"
            data-appointment={booked.id}
            ref={outcomeRef}
            tabIndex={-1}
          >
            <Text c="dark.9">
              {t('book.booked', { when: `${formatDateTime(booked.startsAt, location.timeZone, locale)} ${zone}` })}
            </Text>
          </Alert>
        )}
        {release.data && (
          <Alert
            color="green"
            mt="sm"
            role="status"
            data-testid="released"
            data-appointment={release.data.id}
            ref={outcomeRef}
            tabIndex={-1}
          >
            <Text c="dark.9">
              {t('book.released', { when: `${formatDateTime(release.data.startsAt, location.timeZone, locale)} ${zone}` })}
            </Text>
          </Alert>
        )}
      </Paper>

      {patient && (
        <UpcomingAppointments
          key={`upcoming-${patient.id}`}
          locationId={location.id}
          locationName={location.name}
          timeZone={location.timeZone}
          appointments={record.data?.upcomingAppointments}
          loading={record.isPending}
          chairName={chairName}
          nurseName={nurseName}
          onChanged={changed}
        />
      )}
      {record.error && <ErrorState error={record.error} retry={() => void record.refetch()} />}
      {patient && (
        <BookPlan
          key={`plan-${patient.id}`}
          locationId={location.id}
          locationName={location.name}
          timeZone={location.timeZone}
          zone={zone}
          patient={patient}
          therapy={therapy}
          plans={record.data?.treatmentPlans}
          onChanged={changed}
        />
      )}
      {patient && (
        <JoinWaitlist
          key={`waitlist-${patient.id}`}
          locationId={location.id}
          locationName={location.name}
          timeZone={location.timeZone}
          patientId={patient.id}
          therapy={therapy}
          requests={record.data?.waitlist}
          onChanged={changed}
        />
      )}
    </Stack>
  );
}

/** The slot above has the same score and starts earlier: scheduling's tie-break put it first. */
function tiesWithAbove(slots: readonly Slot[], i: number): boolean {
  const above = slots[i - 1];
  const slot = slots[i]!;
  return !!above && above.score === slot.score && new Date(above.start) < new Date(slot.start);
}
