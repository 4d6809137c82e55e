import { z } from 'zod';
import { DEFAULT_PORTS, SERVICE_NAMES, type ServiceName } from '@chairside/contracts';
import { loadConfig } from '@chairside/platform';

/** <SERVICE>_URL for each service (SCHEDULING_URL…), defaulting to its local port. */
const urls = Object.fromEntries(
  SERVICE_NAMES.map((service) => [`${service.toUpperCase()}_URL`, z.url().default(`http://127.0.0.1:${DEFAULT_PORTS[service]}`)]),
) as Record<`${Uppercase<ServiceName>}_URL`, z.ZodDefault<z.ZodURL>>;

export const simulatorConfigSchema = z.object({
  ...urls,
  /** A bearer token to use; otherwise one is minted with the development secret (AUTH_JWT_*). */
  CHAIRSIDE_TOKEN: z.string().min(1).optional(),
});

export function simulatorConfig(): { urls: Record<ServiceName, string>; token: string | undefined } {
  const config = loadConfig(simulatorConfigSchema);
  return {
    urls: Object.fromEntries(SERVICE_NAMES.map((s) => [s, config[`${s.toUpperCase() as Uppercase<ServiceName>}_URL`]])) as Record<
      ServiceName,
      string
    >,
    token: config.CHAIRSIDE_TOKEN,
  };
}
