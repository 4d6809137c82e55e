import { schedulingDataSourceOptions } from '../../apps/scheduling/src/database/data-source.js';
import { reportingDataSourceOptions } from '../../apps/reporting/src/database/data-source.js';
import {
  call,
  createMigratedDatabase,
  freePort,
  startServiceProcess,
  testRunId,
  tokenFor,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
} from '@chairside/testing';

/**
 * Scheduling (service A, publishes) and reporting (service B, consumes) as real processes on
 * their own fresh databases, against the real broker. Each test file gets its own consumer group.
 */
export class PlatformHarness {
  readonly runId: string;
  schedulingDb!: TestDatabase;
  reportingDb!: TestDatabase;
  scheduling?: ServiceProcess;
  reporting?: ServiceProcess;
  /** Registers and renames locations (POST /locations is organisation-wide): the organisation's admin. */
  readonly admin = tokenFor(['admin'], '*');

  constructor(label: string) {
    this.runId = testRunId(label);
  }

  async createDatabases(): Promise<void> {
    this.schedulingDb = await createMigratedDatabase('scheduling', `${this.runId}_scheduling`, schedulingDataSourceOptions);
    this.reportingDb = await createMigratedDatabase('reporting', `${this.runId}_reporting`, reportingDataSourceOptions);
  }

  async startScheduling(env: Record<string, string> = {}): Promise<ServiceProcess> {
    this.scheduling = await startServiceProcess({
      service: 'scheduling',
      port: await freePort(),
      env: { DATABASE_NAME: this.schedulingDb.name, KAFKA_CONSUMER_GROUP: `${this.runId}-scheduling`, ...env },
    });
    return this.scheduling;
  }

  async startReporting(env: Record<string, string> = {}, waitForReady = true): Promise<ServiceProcess> {
    this.reporting = await startServiceProcess({
      service: 'reporting',
      port: await freePort(),
      waitForReady,
      env: { DATABASE_NAME: this.reportingDb.name, KAFKA_CONSUMER_GROUP: `${this.runId}-reporting`, ...env },
    });
    return this.reporting;
  }

  async registerLocation(
    name = 'Riverside Infusion Center',
    timeZone = 'America/Chicago',
  ): Promise<{ id: string; version: number }> {
    const response = await call('POST', `${this.scheduling!.url}/locations`, { token: this.admin, body: { name, timeZone } });
    if (response.status !== 201) throw new Error(`register location: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async addChair(locationId: string, label: string): Promise<{ id: string }> {
    const response = await call('POST', `${this.scheduling!.url}/locations/${locationId}/chairs`, {
      token: tokenFor(['admin'], [locationId]),
      body: { label, kind: 'recliner' },
    });
    if (response.status !== 201) throw new Error(`add chair: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async outboxEventId(aggregateId: string, sequence = 1): Promise<string> {
    const [row] = await this.schedulingDb.query<{ event_id: string }>(
      'SELECT event_id FROM outbox WHERE aggregate_id = $1 AND aggregate_sequence = $2',
      [aggregateId, sequence],
    );
    if (!row) throw new Error(`no outbox row for ${aggregateId}#${sequence}`);
    return row.event_id;
  }

  async directoryRow(
    locationId: string,
  ): Promise<{ name: string | null; chair_count: number; last_sequence: number } | undefined> {
    const [row] = await this.reportingDb.query(
      'SELECT name, chair_count, last_sequence FROM directory_location WHERE location_id = $1',
      [locationId],
    );
    return row;
  }

  async metric(service: ServiceProcess, name: string, labels: Record<string, string>): Promise<number> {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  waitFor = waitFor;

  async stop(): Promise<void> {
    await Promise.all([this.scheduling?.stop(), this.reporting?.stop()]);
    await Promise.all([this.schedulingDb?.drop(), this.reportingDb?.drop()]);
  }
}
