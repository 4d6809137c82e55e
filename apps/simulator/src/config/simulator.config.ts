import { z } from 'zod';
import { DEFAULT_PORTS, SERVICE_NAMES, type ServiceName } from '@chairside/contracts';
import { baseConfigSchema, DEV_ISSUER, DEV_MACHINE_CLIENT_SECRET, loadConfig } from '@chairside/platform';

/** <SERVICE>_URL for each service (SCHEDULING_URL…), defaulting to its local port. */
const urls = Object.fromEntries(
  SERVICE_NAMES.map((service) => [`${service.toUpperCase()}_URL`, z.url().default(`http://127.0.0.1:${DEFAULT_PORTS[service]}`)]),
) as Record<`${Uppercase<ServiceName>}_URL`, z.ZodDefault<z.ZodURL>>;

export const simulatorConfigSchema = z.object({
  ...urls,
  /** A bearer token to use; otherwise the simulator signs in as its own OAuth client (client credentials). */
  CHAIRSIDE_TOKEN: z.string().min(1).optional(),
  /** The identity provider the simulator gets its token from (the local one by default). */
  AUTH_OIDC_ISSUER: baseConfigSchema.shape.AUTH_OIDC_ISSUER.default(DEV_ISSUER),
  CHAIRSIDE_CLIENT_ID: z.string().min(1).default('chairside-simulator'),
  CHAIRSIDE_CLIENT_SECRET: z.string().min(1).default(DEV_MACHINE_CLIENT_SECRET),
});

export interface SimulatorConfig {
  urls: Record<ServiceName, string>;
  token: string | undefined;
  client: { issuer: string; clientId: string; clientSecret: string };
}

export function simulatorConfig(): SimulatorConfig {
  const config = loadConfig(simulatorConfigSchema);
  return {
    urls: Object.fromEntries(SERVICE_NAMES.map((s) => [s, config[`${s.toUpperCase() as Uppercase<ServiceName>}_URL`]])) as Record<
      ServiceName,
      string
    >,
    token: config.CHAIRSIDE_TOKEN,
    client: {
      issuer: config.AUTH_OIDC_ISSUER,
      clientId: config.CHAIRSIDE_CLIENT_ID,
      clientSecret: config.CHAIRSIDE_CLIENT_SECRET,
    },
  };
}
