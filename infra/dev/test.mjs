// `npm test`: everything CI checks, on the real broker and database.
//   build → typecheck → lint → formatting → generated contracts and the console's API types current → Chromium installed → PostgreSQL and Kafka up →
//   migrations + drift check → unit tests → integration tests (one at a time: they share a broker)
// Starts Kafka (and embedded PostgreSQL) only if nothing is running, and stops what it started.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installIfNeeded, ROOT, step } from './steps.mjs';

await installIfNeeded();
const { ensureKafka } = await import('./kafka.mjs');
const { ensurePostgres } = await import('./postgres.mjs');
const { ensureIdentity } = await import('./identity.mjs');
process.env.TURBO_TELEMETRY_DISABLED = '1';

const started = [];
let exitCode = 1;
try {
  await step('build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
  await step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
  await step('lint', 'npm', ['run', '--silent', 'lint']);
  await step('format', 'npm', ['run', '--silent', 'format:check']);
  await step('contracts', 'npm', ['run', '--silent', 'generate:check']);
  await step('api-client', 'npm', ['run', '--silent', 'generate:api:check']);

  // The console's browser tests drive a real Chromium (Debian's package).
  const { ensureChromium } = await import('./browser.mjs');
  ensureChromium();
  const postgres = await ensurePostgres();
  started.push(postgres);
  const kafka = await ensureKafka();
  started.push(kafka);
  const identity = await ensureIdentity();
  started.push(identity);
  const { deleteOldTestTopics, testTopicPrefix } = await import('./test-topics.mjs');
  const env = {
    ...process.env,
    ...postgres.env,
    ...kafka.env,
    ...identity.env,
    KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? testTopicPrefix(),
  };
  await deleteOldTestTopics((env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), env.KAFKA_TOPIC_PREFIX);

  await step('migrate', 'node', ['infra/dev/migrate.mjs', '--check-drift'], env);
  const results = join(ROOT, '.data', 'jest-results.json');
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  rmSync(results, { force: true });
  let jestFailed = false;
  try {
    await step(
      'jest',
      'node',
      ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', '--ci', '--json', `--outputFile=${results}`],
      env,
    );
  } catch {
    jestFailed = true;
  }
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  // A plain closing line any CI can read, beside jest's own summary.
  console.log(`\njest: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
  exitCode = jestFailed || summary.numFailedTests > 0 || summary.numTotalTests === 0 ? 1 : 0;
} catch (error) {
  console.error(`\n${error.message}`);
} finally {
  for (const s of started.reverse()) await s.stop().catch((e) => console.error(e.message));
}
process.exit(exitCode);
