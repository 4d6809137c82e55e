import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { rememberBoard } from '../api/remembered-board.js';
import { signOut, type ShellSession } from '../api/session.js';
import { useI18n } from '../i18n/i18n.js';
import { useCurrentLocation } from './current-location.js';
import { useFocusHeadingOnNavigation } from './focus-heading.js';
import { LocalClock } from './LocalClock.js';
import type { Screen } from './screens.js';

/** The frame of every screen: header (location, local time, user), navigation of the screens allowed. */
export function Shell({ session, screens, children }: { session: ShellSession; screens: Screen[]; children: ReactNode }) {
  const { t } = useI18n();
  const [opened, { toggle }] = useDisclosure();
  const { pathname } = useLocation();
  const { location, choose } = useCurrentLocation();
  useFocusHeadingOnNavigation(pathname);
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <Anchor href="#main" className="skip-link">
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.toggleNavigation')} />
            <Title order={1} size="h3">
              {t('app.name')}
            </Title>
          </Group>
          <Group wrap="nowrap" gap="sm">
            {session.locations.length > 0 ? (
              <Select
                aria-label={t('shell.location')}
                data-testid="location-select"
                value={location?.id ?? null}
                onChange={(id) => id && choose(id)}
                data={session.locations.map((l) => ({ value: l.id, label: l.name }))}
                allowDeselect={false}
                w={240}
              />
            ) : (
              <Text size="sm">{t('shell.noLocations')}</Text>
            )}
            {location && <LocalClock location={location} />}
            <Text size="sm" visibleFrom="md" data-testid="signed-in-as">
              {t('shell.signedInAs', { name: session.user.name })}
            </Text>
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                // The next user of this browser does not start by reading this one's board.
                rememberBoard(undefined);
                void signOut();
              }}
            >
              {t('shell.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('shell.navigation')}>
        <Stack gap={4}>
          <NavLink component={Link} to="/" label={t('nav.home')} active={pathname === '/'} />
          {screens.map((s) => (
            <NavLink
              key={s.id}
              component={Link}
              to={s.path}
              label={t(s.label)}
              active={pathname.startsWith(s.path)}
              data-screen={s.id}
            />
          ))}
        </Stack>
        <Group gap={4} mt="auto" pt="md">
          {session.user.roles.map((r) => (
            <Badge key={r} variant="light" color="dark">
              {t(`role.${r}`)}
            </Badge>
          ))}
        </Group>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
