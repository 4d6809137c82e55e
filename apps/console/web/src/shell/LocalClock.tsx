import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { formatTime, zoneAbbreviation } from '../time/zoned.js';
import type { ShellLocation } from '../api/session.js';

/** The time at the location, with its zone: "10:32 Europe/Madrid (CET)". */
export function LocalClock({ location }: { location: ShellLocation }) {
  const { t, locale } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <Text size="sm" aria-label={t('shell.localTime', { location: location.name })} data-testid="local-clock">
      {formatTime(now, location.timeZone, locale)} {location.timeZone} ({zoneAbbreviation(now, location.timeZone, locale)})
    </Text>
  );
}
