/**
 * Named points where the integration tests make a process fail the way production processes do
 * (killed between two steps). Inert unless CHAIRSIDE_FAULT names the point; never set in
 * production. Format: CHAIRSIDE_FAULT=<point>[,<point>…]; read once at boot (messagingConfigSchema).
 */
export const FAULT_POINTS = ['kill-after-inbox-commit', 'consumer-non-retriable-error'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export interface FaultInjection {
  armed: readonly FaultPoint[];
  /** CHAIRSIDE_FAULT_EVENT_ID narrows a point to the transaction that handled that event. */
  onlyEventId?: string | undefined;
}

export const NO_FAULTS: FaultInjection = { armed: [] };

export function faultArmed(point: FaultPoint, faults: FaultInjection): boolean {
  return faults.armed.includes(point);
}

export function killIfArmed(point: FaultPoint, faults: FaultInjection, eventIds: readonly string[] = []): void {
  if (!faultArmed(point, faults)) return;
  if (faults.onlyEventId && !eventIds.includes(faults.onlyEventId)) return;
  process.kill(process.pid, 'SIGKILL');
}
