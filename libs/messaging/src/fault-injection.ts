/**
 * Named points where the integration tests make a process fail the way production processes do
 * (killed between two steps). Inert unless CHAIRSIDE_FAULT names the point; never set in
 * production. Format: CHAIRSIDE_FAULT=<point>[,<point>…]
 */
export type FaultPoint = 'kill-after-inbox-commit' | 'consumer-non-retriable-error';

export function faultArmed(point: FaultPoint, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.CHAIRSIDE_FAULT ?? '').split(',').includes(point);
}

/** CHAIRSIDE_FAULT_EVENT_ID narrows a point to the transaction that handled that event. */
export function killIfArmed(point: FaultPoint, eventIds: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): void {
  if (!faultArmed(point, env)) return;
  const only = env.CHAIRSIDE_FAULT_EVENT_ID;
  if (only && !eventIds.includes(only)) return;
  process.kill(process.pid, 'SIGKILL');
}
