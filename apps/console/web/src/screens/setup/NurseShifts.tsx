import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '../../api/generated/scheduling.js';
import { data, scheduling } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorState, Loading } from '../../shell/States.js';
import { formatDateTime, formatTime, localDate } from '../../time/zoned.js';
import { type AffectedAppointment, AffectedAppointments } from './AffectedAppointments.js';
import type { Names } from './Chairs.js';
import { shiftTimes } from './setup-values.js';

/** A shift of some local days at the location (GET /locations/{id}/shifts). */
type Shift = components['schemas']['LocationShiftView'];

/** New start and end times for one shift (its breaks kept; scheduling refuses breaks left outside, naming them). */
function ChangeShiftTimes({
  shift,
  locationId,
  timeZone,
  changed,
}: {
  shift: Shift;
  locationId: string;
  timeZone: string;
  changed: (count: number) => void;
}) {
  const { t, locale } = useI18n();
  const [from, setFrom] = useState(formatTime(shift.startsAt, timeZone, locale));
  const [to, setTo] = useState(formatTime(shift.endsAt, timeZone, locale));
  const change = useMutation({
    mutationFn: () =>
      data(
        scheduling.PUT('/locations/{locationId}/nurses/{nurseId}/shifts/{shiftId}', {
          params: { path: { locationId, nurseId: shift.nurseId, shiftId: shift.id } },
          body: { ...shiftTimes(shift.startsAt, from, to, timeZone), breaks: shift.breaks },
        }),
      ),
    onSuccess: (result) => changed(result.affectedAppointments.length),
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        change.mutate();
      }}
    >
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          size="xs"
          type="time"
          required
          label={t('setup.changeShiftFrom', { nurse: shift.nurseName })}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          size="xs"
          type="time"
          required
          label={t('setup.changeShiftTo', { nurse: shift.nurseName })}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        <Button size="xs" type="submit" variant="default" loading={change.isPending}>
          {t('setup.changeShift')}
        </Button>
      </Group>
      {change.error && <ErrorState error={change.error} />}
    </form>
  );
}

/**
 * Today's and tomorrow's shifts at the location, each with new times or the sick call: the shift
 * goes (or shrinks), and every appointment it no longer covers is flagged at risk and gets a
 * re-plan proposal on the Today board (scheduling moves nothing by itself). For the charge nurse,
 * the scheduler and the admin.
 */
export function NurseShifts({ locationId, timeZone, names }: { locationId: string; timeZone: string; names: Names }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const from = localDate(new Date(), timeZone);
  const key = ['shifts', locationId, from];
  const shifts = useQuery({
    queryKey: key,
    queryFn: () =>
      data(scheduling.GET('/locations/{locationId}/shifts', { params: { path: { locationId }, query: { from, days: 2 } } })),
  });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [affected, setAffected] = useState<{ nurse: string; appointments: AffectedAppointment[] } | undefined>();
  const [changed, setChanged] = useState<{ nurse: string; count: number } | undefined>();
  const sickCall = useMutation({
    mutationFn: (shift: Shift) =>
      data(
        scheduling.DELETE('/locations/{locationId}/nurses/{nurseId}/shifts/{shiftId}', {
          params: { path: { locationId, nurseId: shift.nurseId, shiftId: shift.id } },
          body: { reason: (reasons[shift.id] ?? '').trim() },
        }),
      ),
    onSuccess: (removed, shift) => {
      setAffected({ nurse: shift.nurseName, appointments: removed.affectedAppointments });
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('setup.shifts')}
      </Title>
      {shifts.isPending && <Loading />}
      {shifts.error && <ErrorState error={shifts.error} retry={() => void shifts.refetch()} />}
      {shifts.data && shifts.data.shifts.length === 0 && <Text size="sm">{t('setup.noShifts')}</Text>}
      {shifts.data && shifts.data.shifts.length > 0 && (
        <Table data-testid="setup-shifts">
          <Table.Tbody>
            {shifts.data.shifts.map((s) => (
              <Table.Tr key={s.id} data-shift={s.id} data-nurse={s.nurseId}>
                <Table.Td>
                  <Text size="sm">
                    {t('setup.shift', {
                      nurse: s.nurseName,
                      from: formatDateTime(s.startsAt, timeZone, locale),
                      to: formatDateTime(s.endsAt, timeZone, locale),
                    })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ChangeShiftTimes
                    // A new form when the shift's times change, so it shows them.
                    key={`${s.startsAt}|${s.endsAt}`}
                    shift={s}
                    locationId={locationId}
                    timeZone={timeZone}
                    changed={(count) => {
                      setChanged({ nurse: s.nurseName, count });
                      void queryClient.invalidateQueries({ queryKey: key });
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <form
                    onSubmit={(event) => {
                      event.preventDefault();
                      sickCall.mutate(s);
                    }}
                  >
                    <Group gap="xs" align="flex-end" wrap="nowrap">
                      <TextInput
                        size="xs"
                        required
                        maxLength={500}
                        label={t('setup.sickCallReason', { nurse: s.nurseName })}
                        value={reasons[s.id] ?? ''}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          setReasons((before) => ({ ...before, [s.id]: value }));
                        }}
                      />
                      <Button size="xs" type="submit" color="red.8" loading={sickCall.isPending}>
                        {t('setup.sickCall')}
                      </Button>
                    </Group>
                  </form>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {sickCall.error && <ErrorState error={sickCall.error} />}
      {changed && (
        <Text size="sm" role="status" data-testid="shift-changed">
          {t('setup.shiftChanged', { nurse: changed.nurse, count: changed.count })}
        </Text>
      )}
      {affected && (
        <>
          <Text size="sm" role="status" data-testid="sick-call-done">
            {t('setup.sickCallDone', { nurse: affected.nurse, count: affected.appointments.length })}
          </Text>
          <AffectedAppointments
            what={t('setup.affected.sickCall', { nurse: affected.nurse })}
            appointments={affected.appointments}
            timeZone={timeZone}
            testId="sick-call-affected"
            {...names}
          />
        </>
      )}
    </Stack>
  );
}
