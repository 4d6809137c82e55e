import { Anchor, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { ShellSession } from '../../api/session.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Screen } from '../../shell/screens.js';

export function Home({ session, screens }: { session: ShellSession; screens: Screen[] }) {
  const { t } = useI18n();
  return (
    <Stack>
      <Title order={2}>{t('home.title', { name: session.user.name })}</Title>
      <Text>{t('shell.roles', { roles: session.user.roles.map((r) => t(`role.${r}`)).join(', ') })}</Text>
      <Title order={3}>{t('home.screens')}</Title>
      {screens.length ? (
        <List data-testid="home-screens">
          {screens.map((s) => (
            <List.Item key={s.id}>
              <Anchor component={Link} to={s.path}>
                {t(s.label)}
              </Anchor>
              : {t(s.summary)}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text data-testid="home-screens-none">{t('home.none')}</Text>
      )}
      <Title order={3}>{t('home.locations')}</Title>
      <Text data-testid="home-locations">
        {session.user.locationGrant === '*' && session.locations.length === 0
          ? t('home.allLocations')
          : session.locations.map((l) => `${l.name} (${l.timeZone})`).join(', ') || t('shell.noLocations')}
      </Text>
    </Stack>
  );
}
