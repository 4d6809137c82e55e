// What the fault run and the system benchmark share: PostgreSQL and Kafka up, topics of their own
// (`bench-<label>-…`, removed by the next test run), and from the built tree the testing lib's
// PlatformRun and audits, the simulator, and each service's data source (its migrations).
import { ensureKafka } from './kafka.mjs';
import { ensurePostgres } from './postgres.mjs';

export async function preparePlatformScript(label) {
  process.env.KAFKA_TOPIC_PREFIX = `bench-${label}-${Date.now().toString(36)}.`;
  const postgres = await ensurePostgres();
  const kafka = await ensureKafka();
  Object.assign(process.env, postgres.env, kafka.env);
  const testing = await import('../../libs/testing/dist/index.js');
  const simulator = await import('../../apps/simulator/dist/index.js');
  const { loadServices } = await import('./services.mjs');
  const dataSources = Object.fromEntries(
    await Promise.all((await loadServices()).map(async (service) => [service.name, await service.dataSource()])),
  );
  return {
    postgres,
    testing,
    simulator,
    dataSources,
    stopInfrastructure: async () => {
      for (const s of [kafka, postgres]) await s.stop().catch(() => undefined);
    },
  };
}
