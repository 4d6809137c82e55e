// `npm test`: everything CI checks, on the real broker and database.
//   build → typecheck → lint → formatting → generated contracts and the console's API types current → Chromium installed → PostgreSQL and Kafka up →
//   migrations + drift check → every jest test file on two workers, then the files marked `@runs-alone`
//   one at a time (those that stop the shared broker or time a response against a bound)
// Starts Kafka (and embedded PostgreSQL) only if nothing is running, and stops what it started.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
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
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  // Two phases. Most files run on two workers: their waits on Kafka and HTTP overlap, and each
  // worker publishes under its own topic prefix (jest.setup.js), so the two never share a topic
  // or a consumer group. A file whose docblock says `@runs-alone` (it stops the shared broker,
  // or holds a response to a time bound that a busy neighbour could break) runs afterwards, by itself.
  const alone = testFilesRunningAlone().map(escapeRegExp).join('|');
  // Jest tries a pattern on the path relative to the root and on the absolute one, and takes the
  // file when either matches: the exclusion must fail on both forms.
  const phases = [
    { label: 'jest', args: ['--maxWorkers=2', '--testPathPatterns', `^(?!(${escapeRegExp(ROOT)})?(${alone})$)`] },
    { label: 'jest (alone)', args: ['--runInBand', '--testPathPatterns', `^(${alone})$`] },
  ];

  let jestFailed = false;
  const summary = { numPassedTests: 0, numFailedTests: 0, numTotalTests: 0 };
  for (const [i, phase] of phases.entries()) {
    const results = join(ROOT, '.data', `jest-results-${i + 1}.json`);
    rmSync(results, { force: true });
    try {
      await step(
        phase.label,
        'node',
        [
          '--experimental-vm-modules',
          'node_modules/jest/bin/jest.js',
          ...phase.args,
          '--ci',
          '--json',
          `--outputFile=${results}`,
        ],
        env,
      );
    } catch {
      jestFailed = true;
    }
    // A jest that died before writing its results counts as failed, and the next phase still runs.
    if (!existsSync(results)) continue;
    const counts = JSON.parse(readFileSync(results, 'utf8'));
    for (const key of Object.keys(summary)) summary[key] += counts[key];
  }
  // A plain closing line any CI can read, beside jest's own summary.
  console.log(`\njest: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
  exitCode = jestFailed || summary.numFailedTests > 0 || summary.numTotalTests === 0 ? 1 : 0;
} catch (error) {
  console.error(`\n${error.message}`);
} finally {
  for (const s of started.reverse()) await s.stop().catch((e) => console.error(e.message));
}
process.exit(exitCode);

/** Paths (from the repository's root) of the integration test files whose docblock carries `@runs-alone`. */
function testFilesRunningAlone() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.int.test.ts') && /^ \* @runs-alone\b/m.test(readFileSync(path, 'utf8')))
        files.push(relative(ROOT, path));
    }
  };
  for (const top of ['apps', 'libs', 'test']) walk(join(ROOT, top));
  if (!files.length) throw new Error('no test file says @runs-alone: the pattern that excludes them would match nothing');
  console.log(`[jest] running alone, after the rest: ${files.join(', ')}`);
  return files;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
