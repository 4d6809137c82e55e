import { z } from 'zod';
import { DEFAULT_PORTS, SERVICE_NAMES, type ServiceName } from '@chairside/contracts';
import { baseConfigSchema, DEV_ISSUER, DEV_MACHINE_CLIENT_SECRET, loadConfig } from '@chairside/platform';

/** <SERVICE>_URL for each service (SCHEDULING_URL…), defaulting to its local port. */
const urls = Object.fromEntries(
  SERVICE_NAMES.map((service) => [`${service.toUpperCase()}_URL`, z.url().default(`http://127.0.0.1:${DEFAULT_PORTS[service]}`)]),
) as Record<`${Uppercase<ServiceName>}_URL`, z.ZodDefault<z.ZodURL>>;

/**
 * What goes wrong at a center, per center and per day of its opening hours (spread over them at
 * random), and how often the simulated charge nurse takes scheduling's way out. 0 turns a kind off:
 * the default, so load and fault runs play only visits; `npm start`'s demo sets a few of each.
 */
export const incidentsConfigSchema = z.object({
  /** Sessions paused long enough to run past their planned end (a pump alarm, a line replaced). */
  SIMULATOR_OVERRUNS_PER_DAY: z.coerce.number().min(0).max(100).default(0),
  /** A nurse's shift of the day removed (a sick call): her booked patients need another nurse. */
  SIMULATOR_SICK_CALLS_PER_DAY: z.coerce.number().min(0).max(100).default(0),
  /** A chair out of service for one to three hours from now (a recliner motor, a spill). */
  SIMULATOR_OUTAGES_PER_DAY: z.coerce.number().min(0).max(100).default(0),
  /** Share (0–1) of re-plan proposals the simulated charge nurse applies; the rest wait for a person. */
  SIMULATOR_APPLY_REPLANS_SHARE: z.coerce.number().min(0).max(1).default(0.5),
});

export interface IncidentRates {
  overrunsPerDay: number;
  sickCallsPerDay: number;
  outagesPerDay: number;
  applyReplansShare: number;
}

/** The incident rates from the environment (validated: a bad value names the variable). */
export function incidentRates(env: Record<string, string | undefined> = process.env): IncidentRates {
  const c = loadConfig(incidentsConfigSchema, env);
  return {
    overrunsPerDay: c.SIMULATOR_OVERRUNS_PER_DAY,
    sickCallsPerDay: c.SIMULATOR_SICK_CALLS_PER_DAY,
    outagesPerDay: c.SIMULATOR_OUTAGES_PER_DAY,
    applyReplansShare: c.SIMULATOR_APPLY_REPLANS_SHARE,
  };
}

export const simulatorConfigSchema = z.object({
  ...urls,
  ...incidentsConfigSchema.shape,
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
  incidents: IncidentRates;
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
    incidents: incidentRates(process.env),
  };
}
