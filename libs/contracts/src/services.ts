/**
 * The Chairside services: the one list scripts, tests, the simulator and the benchmarks use.
 * Order is start order (scheduling first: the others build their copies from its events).
 */
export const SERVICE_NAMES = ['scheduling', 'sessions', 'notifications', 'reporting'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Default HTTP port of each service (PORT overrides it). */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  scheduling: 3001,
  sessions: 3002,
  notifications: 3003,
  reporting: 3004,
};
