/** SQLSTATEs and driver errors that mean "try again", not "this request or message is wrong". */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '55P03', // lock_not_available
  '57P01', // admin_shutdown (server restarting)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '58000',
  '58030',
]);

const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is not established',
  'terminating connection',
  'the database system is',
  // TypeORM, when the connection died inside a transaction: the server rolled it back.
  'Query runner already released',
];

export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isTransientDatabaseError(error: unknown): boolean {
  const code = sqlState(error);
  // 08P01 (protocol violation) is the client's own malformed message, e.g. text cut short by a NUL byte: retrying repeats it.
  if (code === PROTOCOL_VIOLATION) return false;
  if (code && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_NODE_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : String(error);
  return TRANSIENT_MESSAGES.some((m) => message.includes(m));
}

const PROTOCOL_VIOLATION = '08P01';

export const UNIQUE_VIOLATION = '23505';
export const EXCLUSION_VIOLATION = '23P01';
export const FOREIGN_KEY_VIOLATION = '23503';
