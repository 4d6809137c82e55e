// What the fault run and the system benchmark share: PostgreSQL and Kafka up, topics of their own
// (`bench-<label>-…`, removed by the next test run), and from the built tree the testing lib's
// PlatformRun and audits, the simulator, and each service's data source (its migrations).
import { ensureKafka } from './kafka.mjs';
import { ensurePostgres } from './postgres.mjs';
import { ensureIdentity } from './identity.mjs';

export async function preparePlatformScript(label) {
  process.env.KAFKA_TOPIC_PREFIX = `bench-${label}-${Date.now().toString(36)}.`;
  const postgres = await ensurePostgres();
  const kafka = await ensureKafka();
  const identity = await ensureIdentity();
  Object.assign(process.env, postgres.env, kafka.env, identity.env);
  const testing = await import('../../libs/testing/dist/index.js');
  const simulator = await import('../../apps/simulator/dist/index.js');
  const { loadServices } = await import('./services.mjs');
  const dataSources = Object.fromEntries(
    await Promise.all((await loadServices()).map(async (service) => [service.name, await service.dataSource()])),
  );
  const { ClientCredentials, DEV_MACHINE_CLIENT_SECRET } = await import('../../libs/platform/dist/index.js');
  return {
    postgres,
    /** A machine client's current token (client credentials), e.g. `machineToken('chairside-chaos')`. */
    machineToken: (clientId) => {
      const credentials = new ClientCredentials({ issuer: identity.issuer, clientId, clientSecret: DEV_MACHINE_CLIENT_SECRET });
      return () => credentials.token();
    },
    testing,
    simulator,
    dataSources,
    stopInfrastructure: async () => {
      for (const s of [identity, kafka, postgres]) await s.stop().catch(() => undefined);
    },
  };
}
