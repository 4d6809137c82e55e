import type { Channel, NotificationKind } from '@chairside/domain';

/** One message per appointment start, kind (with its offset) and channel: planning it again finds the row. */
export function idempotencyKey(
  appointmentId: string,
  occurrence: Date,
  kind: NotificationKind,
  channel: Channel,
  offsetHours?: number | null,
  /** The second and later message of a kind that may repeat (a delay that grew): 2, 3… */
  serial?: number,
): string {
  return `${appointmentId}:${occurrence.toISOString()}:${kind}${offsetHours ? `-${offsetHours}h` : ''}${serial && serial > 1 ? `#${serial}` : ''}:${channel}`;
}
