import { Alert, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <Center p="xl" role="status" aria-live="polite">
      <Loader aria-hidden size="sm" />
      <Text ml="sm">{t('app.loading')}</Text>
    </Center>
  );
}

/** A problem+json shown as people read it: what happened, and a way to try again. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const status = error instanceof ApiError ? error.status : 0;
  const message =
    status === 409 || status === 412
      ? t('app.error.conflict')
      : status === 403
        ? t('app.error.forbidden')
        : status === 503
          ? t('app.error.unavailable')
          : error instanceof Error
            ? error.message
            : String(error);
  return (
    <Alert color="red" title={t('app.error.title')} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {retry && (
          <Button size="xs" variant="default" onClick={retry}>
            {t('app.error.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function NotAllowed() {
  const { t } = useI18n();
  return (
    <Stack>
      <Title order={2}>{t('notAllowed.title')}</Title>
      <Text>{t('notAllowed.body')}</Text>
    </Stack>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return <Title order={2}>{t('notFound.title')}</Title>;
}
