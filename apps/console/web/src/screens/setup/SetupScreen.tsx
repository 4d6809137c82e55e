import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSession } from '../../api/session.js';
import { data, scheduling } from '../../api/typed.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { useCurrentLocation } from '../../shell/current-location.js';
import { ErrorState } from '../../shell/States.js';
import { Chairs, type Names } from './Chairs.js';
import { Closures } from './Closures.js';
import { HoursEditor } from './HoursEditor.js';
import { LocationDetails } from './LocationDetails.js';
import { Nurses } from './Nurses.js';
import { NurseShifts } from './NurseShifts.js';
import { AddShift, RegisterNurse } from './StaffForms.js';
import { ReminderSettings } from './ReminderSettings.js';
import { Therapies } from './Therapies.js';

/** Scheduling lets only the admin add chairs and nurses and shifts; the charge nurse changes chairs, outages, nurses' limits, shifts and closures. */
function useIsAdmin(): boolean {
  return useSession().data?.user.roles.includes('admin') ?? false;
}

/** Registering a location is organisation-wide in scheduling: only for a grant of every location. */
function useIsOrganisationWide(): boolean {
  return useSession().data?.user.locationGrant === '*';
}

/** The location as set up: its name, address and time zone (admin), chairs and their outages, nurses and their shifts, opening hours and closures; the organisation's therapies and reminders (admin; the charge nurse's part: outages, renaming and retiring chairs, nurses' limits, shift times, sick calls, closures, each listing the appointments it leaves to re-plan). */
export default function SetupScreen() {
  const { t } = useI18n();
  const { location } = useCurrentLocation();
  const isAdmin = useIsAdmin();
  const organisationWide = useIsOrganisationWide();
  const id = location?.id;
  const chairs = useQuery({
    queryKey: ['chairs', id],
    queryFn: () => data(scheduling.GET('/locations/{locationId}/chairs', { params: { path: { locationId: id! } } })),
    enabled: !!id,
  });
  const nurses = useQuery({
    queryKey: ['nurses', id],
    queryFn: () => data(scheduling.GET('/locations/{locationId}/nurses', { params: { path: { locationId: id! } } })),
    enabled: !!id,
  });
  const hours = useQuery({
    queryKey: ['hours', id],
    queryFn: () => data(scheduling.GET('/locations/{locationId}/hours', { params: { path: { locationId: id! } } })),
    enabled: !!id,
  });
  const names: Names = useMemo(
    () => ({
      chairs: new Map((chairs.data ?? []).map((c) => [c.id, c.label])),
      nurses: new Map((nurses.data ?? []).map((n) => [n.id, n.displayName])),
    }),
    [chairs.data, nurses.data],
  );
  if (!location) return null;
  const weekdays = ['1', '2', '3', '4', '5', '6', '7'];

  return (
    <Stack gap="md">
      <Title order={2}>{t('setup.title', { location: location.name })}</Title>
      <Text>{t('setup.zone', { zone: location.timeZone })}</Text>

      {isAdmin && (
        <Paper withBorder p="md" component="section" aria-label={t('setup.locations')}>
          <LocationDetails organisationWide={organisationWide} />
        </Paper>
      )}

      <Paper withBorder p="md" component="section" aria-label={t('setup.chairs')}>
        <Chairs locationId={location.id} timeZone={location.timeZone} names={names} isAdmin={isAdmin} />
      </Paper>

      <Paper withBorder p="md" component="section" aria-label={t('setup.shifts')}>
        <NurseShifts locationId={location.id} timeZone={location.timeZone} names={names} />
        {isAdmin && nurses.data && <AddShift locationId={location.id} timeZone={location.timeZone} nurses={nurses.data} />}
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" component="section" aria-label={t('setup.nurses')}>
          {nurses.error && <ErrorState error={nurses.error} />}
          {nurses.data && <Nurses nurses={nurses.data} locationId={location.id} timeZone={location.timeZone} names={names} />}
          {isAdmin && <RegisterNurse locationId={location.id} />}
        </Paper>
        <Paper withBorder p="md" component="section" aria-label={t('setup.hours')}>
          <Title order={3} size="h4">
            {t('setup.hours')}
          </Title>
          {hours.error && <ErrorState error={hours.error} />}
          {hours.data && isAdmin && <HoursEditor locationId={location.id} hours={hours.data} />}
          {hours.data && !isAdmin && (
            <Stack component="ul" gap={2} mt="xs" style={{ listStyle: 'none', padding: 0 }} data-testid="setup-hours">
              {weekdays.map((d) => (
                <Text component="li" size="sm" key={d}>
                  {t(`weekday.${d}` as MessageKey)}:{' '}
                  {(hours.data.weeklyHours[d] ?? []).map((h) => `${h.opens}–${h.closes}`).join(', ') || t('setup.closed')}
                </Text>
              ))}
              <Text component="li" size="sm">
                {t('setup.closedDates', { dates: hours.data.closedDates.join(', ') || t('setup.noClosedDates') })}
              </Text>
            </Stack>
          )}
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="md" component="section" aria-label={t('setup.closure.title')}>
        <Closures locationId={location.id} timeZone={location.timeZone} names={names} />
      </Paper>

      {isAdmin && (
        <>
          <Paper withBorder p="md" component="section" aria-label={t('setup.therapies')}>
            <Therapies />
          </Paper>
          <Paper withBorder p="md" component="section" aria-label={t('setup.reminders')}>
            <ReminderSettings />
          </Paper>
        </>
      )}
    </Stack>
  );
}
