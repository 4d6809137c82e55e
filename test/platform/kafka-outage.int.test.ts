import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LocationUpdatedV1 } from '@chairside/contracts';
import { call } from '@chairside/testing';
import { PlatformHarness } from './harness.js';

const run = promisify(execFile);
const KAFKA_SCRIPT = fileURLToPath(new URL('../../infra/kafka/kafka.sh', import.meta.url));
const kafka = (command: 'start' | 'stop') => run('bash', [KAFKA_SCRIPT, command], { timeout: 120_000 });

const WRITERS = 20;
const CHANGES_PER_WRITER = 50;

/**
 * @runs-alone: it stops and starts the shared broker, which every other file uses.
 */
describe('Kafka down while scheduling keeps changing state', () => {
  const h = new PlatformHarness('outage');
  const locations: string[] = [];

  beforeAll(async () => {
    await h.createDatabases();
    await h.startScheduling();
    await h.startReporting();
    for (let i = 0; i < WRITERS; i++) locations.push((await h.registerLocation(`Center ${i}`, 'Europe/Madrid')).id);
    await h.waitFor(
      async () =>
        (await h.reportingDb.query('SELECT 1 FROM directory_location WHERE location_id = ANY($1)', [locations])).length ===
        WRITERS,
      { what: 'registrations to reach reporting' },
    );
  });

  afterAll(async () => {
    await kafka('start'); // whatever happened, leave the broker up for the next test file
    await h.stop();
  });

  it('commits 1,000 changes from 20 concurrent writers, then delivers every event once and in per-location order', async () => {
    await kafka('stop');

    // Each writer renames its own location 50 times; all 20 run at once.
    const statuses = await Promise.all(
      locations.map(async (locationId, writer) => {
        const codes: number[] = [];
        for (let change = 1; change <= CHANGES_PER_WRITER; change++) {
          const response = await call('PATCH', `${h.scheduling!.url}/locations/${locationId}`, {
            token: h.admin,
            body: { name: `Center ${writer} rev ${change}` },
          });
          codes.push(response.status);
        }
        return codes;
      }),
    );
    expect(statuses.flat().filter((s) => s !== 200)).toEqual([]);

    // Nothing could be published: all 1,000 wait in the outbox, and scheduling says it is degraded, not down.
    const [{ waiting }] = await h.schedulingDb.query(
      `SELECT count(*)::int AS waiting FROM outbox WHERE published_at IS NULL AND event_type = $1`,
      [LocationUpdatedV1.type],
    );
    expect(waiting).toBe(WRITERS * CHANGES_PER_WRITER);
    const health = await h.waitFor(
      async () => {
        const r = await call('GET', `${h.scheduling!.url}/health/ready`);
        return r.body?.details?.outbox?.status === 'degraded' ? r : undefined;
      },
      { what: 'scheduling to report the outbox as degraded' },
    );
    expect(health.status).toBe(200);

    await kafka('start');

    await h.waitFor(
      async () => {
        const [{ applied }] = await h.reportingDb.query(
          `SELECT count(*)::int AS applied FROM inbox WHERE event_type = $1 AND aggregate_id = ANY($2)`,
          [LocationUpdatedV1.type, locations],
        );
        return applied === WRITERS * CHANGES_PER_WRITER;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'all 1,000 updates to reach reporting' },
    );

    // Per location, the events arrived (offset order) as sequences 2..51, each exactly once.
    const rows = await h.reportingDb.query<{ aggregate_id: string; sequences: number[] }>(
      `SELECT aggregate_id, array_agg(aggregate_sequence ORDER BY kafka_offset) AS sequences
         FROM inbox WHERE event_type = $1 AND aggregate_id = ANY($2) GROUP BY aggregate_id`,
      [LocationUpdatedV1.type, locations],
    );
    const expected = Array.from({ length: CHANGES_PER_WRITER }, (_, i) => i + 2);
    expect(rows).toHaveLength(WRITERS);
    for (const row of rows) expect(row.sequences).toEqual(expected);

    for (const [writer, locationId] of locations.entries()) {
      expect(await h.directoryRow(locationId)).toMatchObject({
        name: `Center ${writer} rev ${CHANGES_PER_WRITER}`,
        last_sequence: CHANGES_PER_WRITER + 1,
      });
    }
    const [{ unpublished }] = await h.schedulingDb.query(
      `SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL`,
    );
    expect(unpublished).toBe(0);
  });
});
