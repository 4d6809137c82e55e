import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@chairside/platform';

/** The console's own problem types (docs/api-errors.md). */
export const consoleProblems = {
  signedOut: (detail = 'Sign in first.') =>
    new ProblemException({
      type: problemType('unauthorized'),
      title: 'Unauthorized',
      status: HttpStatus.UNAUTHORIZED,
      detail,
    }),
  signInFailed: (detail: string) =>
    new ProblemException({
      type: problemType('sign-in-failed'),
      title: 'Sign-in failed',
      status: HttpStatus.BAD_REQUEST,
      detail,
    }),
  csrf: () =>
    new ProblemException({
      type: problemType('csrf-token-invalid'),
      title: 'Forbidden',
      status: HttpStatus.FORBIDDEN,
      detail: 'The request did not carry this session’s x-csrf-token header, or came from another origin.',
    }),
};
