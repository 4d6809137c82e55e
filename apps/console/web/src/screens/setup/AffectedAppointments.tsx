import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n.js';
import { formatDateTime, formatTime } from '../../time/zoned.js';

/** An appointment a resource change reaches (scheduling's AffectedAppointmentView): still booked, flagged at risk, handed to the re-plan. */
export interface AffectedAppointment {
  appointmentId: string;
  patientId: string;
  status: string;
  startsAt: string;
  endsAt: string;
  chairId: string;
  nurseId: string;
}

/**
 * What a change (an outage, a retired chair, a nurse's new limits, a sick call, a closure) left
 * to re-plan, as scheduling answered it: each appointment in the location's zone with its chair
 * and nurse, and the way to the re-plan proposals on Today (or, released, those it no longer reaches). Patients are named by Today's board
 * (an audited read), not here.
 */
export function AffectedAppointments({
  what,
  appointments,
  timeZone,
  chairs,
  nurses,
  testId,
  released = false,
}: {
  what: string;
  appointments: AffectedAppointment[];
  timeZone: string;
  chairs: ReadonlyMap<string, string>;
  nurses: ReadonlyMap<string, string>;
  testId: string;
  /** Appointments a closure no longer covers (changed or removed): no longer at risk, nothing to re-plan. */
  released?: boolean;
}) {
  const { t, has, locale } = useI18n();
  const status = (s: string) => {
    const key = `status.${s}`;
    return has(key) ? t(key) : s;
  };
  return (
    <Stack gap={4} role="status" data-testid={testId} data-count={appointments.length}>
      <Text size="sm" fw={600}>
        {appointments.length === 0
          ? t(released ? 'setup.affected.releasedNone' : 'setup.affected.none', { what })
          : t(released ? 'setup.affected.releasedSome' : 'setup.affected.some', { what, count: appointments.length })}
      </Text>
      {appointments.length > 0 && (
        <>
          <Stack component="ul" gap={2} style={{ margin: 0, paddingLeft: '1.2em' }}>
            {appointments.map((a) => (
              <Text component="li" size="sm" key={a.appointmentId} data-affected={a.appointmentId}>
                {t('setup.affected.item', {
                  from: formatDateTime(a.startsAt, timeZone, locale),
                  to: formatTime(a.endsAt, timeZone, locale),
                  chair: chairs.get(a.chairId) ?? t('setup.affected.unknown'),
                  nurse: nurses.get(a.nurseId) ?? t('setup.affected.unknown'),
                  status: status(a.status),
                })}
              </Text>
            ))}
          </Stack>
          {!released && (
            <Anchor component={Link} to="/today" size="sm">
              {t('setup.affected.replan')}
            </Anchor>
          )}
        </>
      )}
    </Stack>
  );
}
