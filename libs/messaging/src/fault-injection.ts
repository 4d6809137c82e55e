/**
 * Named points where the integration tests make a process fail the way production processes do
 * (killed between two steps). Inert unless CHAIRSIDE_FAULT names the point; never set in
 * production. Format: CHAIRSIDE_FAULT=<point>[,<point>…]
 */
export type FaultPoint = 'kill-after-inbox-commit' | 'consumer-non-retriable-error';

export function faultArmed(point: FaultPoint, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.CHAIRSIDE_FAULT ?? '').split(',').includes(point);
}

export function killIfArmed(point: FaultPoint): void {
  if (faultArmed(point)) process.kill(process.pid, 'SIGKILL');
}
