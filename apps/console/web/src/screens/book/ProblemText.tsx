import { Alert, Text } from '@mantine/core';
import { ApiError } from '../../api/client.js';

/** A refusal as scheduling's problem+json says it: the detail, and each field named with why. */
export function ProblemText({ error, testId }: { error: unknown; testId?: string }) {
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <Alert color="red" mt="sm" role="alert" data-testid={testId} data-problem={problem?.type} data-status={problem?.status}>
      <Text c="dark.9">{error instanceof Error ? error.message : String(error)}</Text>
      {(problem?.errors ?? []).map((f) => (
        <Text key={f.field} size="sm" c="dark.9">
          {f.field}: {f.reason}
        </Text>
      ))}
    </Alert>
  );
}
