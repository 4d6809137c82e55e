import type { Channel, NotificationKind } from '@chairside/domain';

/** One message per appointment start, kind (with its offset) and channel: planning it again finds the row. */
export function idempotencyKey(
  appointmentId: string,
  occurrence: Date,
  kind: NotificationKind,
  channel: Channel,
  offsetHours?: number | null,
): string {
  return `${appointmentId}:${occurrence.toISOString()}:${kind}${offsetHours ? `-${offsetHours}h` : ''}:${channel}`;
}
