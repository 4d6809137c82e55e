import { randomBytes } from 'node:crypto';
import type { DataSourceOptions } from 'typeorm';
import { SERVICE_NAMES, type ServiceName } from '@chairside/contracts';
import { createMigratedDatabase, type TestDatabase } from './test-databases.js';
import { freePort } from './http.js';
import { type ServiceProcess, startServiceProcess } from './service-process.js';
import { type MailSink, type SmsProvider, startMailSink, startSmsProvider } from './mail-sink.js';

export type PlatformService = ServiceName;
export const PLATFORM_SERVICES: readonly PlatformService[] = SERVICE_NAMES;

export interface PlatformRunOptions {
  label: string;
  /** Each service's data source options (migrations), as its own `data-source.ts` exports them. */
  dataSources: Record<PlatformService, (env: NodeJS.ProcessEnv) => DataSourceOptions>;
  /** Instances per service in one consumer group (default 1). */
  instances?: Partial<Record<PlatformService, number>>;
  env?: Record<string, string>;
}

interface Instance {
  service: PlatformService;
  index: number;
  port: number;
  env: Record<string, string>;
  process: ServiceProcess;
  /** Output of the processes this instance ran before its latest restart. */
  earlier: string;
}

/**
 * The whole platform for a test or a run: fresh databases, one consumer group per service (with
 * one or more instances), a real SMTP server and SMS provider. Instances can be killed and
 * restarted on the same port, as an orchestrator would.
 */
export class PlatformRun {
  readonly id: string;
  readonly databases = {} as Record<PlatformService, TestDatabase>;
  private readonly instances: Instance[] = [];

  private constructor(
    readonly options: PlatformRunOptions,
    readonly mail: MailSink,
    readonly sms: SmsProvider,
  ) {
    this.id = `p_${options.label}_${randomBytes(3).toString('hex')}`.toLowerCase();
  }

  static async start(options: PlatformRunOptions): Promise<PlatformRun> {
    const run = new PlatformRun(options, await startMailSink(), await startSmsProvider());
    for (const service of PLATFORM_SERVICES)
      run.databases[service] = await createMigratedDatabase(service, `${run.id}_${service}`, options.dataSources[service]);
    const starting: Array<Promise<void>> = [];
    for (const service of PLATFORM_SERVICES) {
      for (let index = 0; index < (options.instances?.[service] ?? 1); index++) starting.push(run.add(service, index));
    }
    await Promise.all(starting);
    return run;
  }

  private async add(service: PlatformService, index: number): Promise<void> {
    const env: Record<string, string> = {
      DATABASE_NAME: this.databases[service].name,
      KAFKA_CONSUMER_GROUP: `${this.id}-${service}`,
      ...(service === 'notifications' ? { SMTP_PORT: String(this.mail.port), SMS_API_URL: this.sms.url } : {}),
      ...this.options.env,
    };
    const port = await freePort();
    this.instances.push({ service, index, port, env, process: await startServiceProcess({ service, port, env }), earlier: '' });
  }

  url(service: PlatformService, index = 0): string {
    return this.instance(service, index).process.url;
  }

  get urls(): Record<PlatformService, string> {
    return Object.fromEntries(PLATFORM_SERVICES.map((s) => [s, this.url(s)])) as Record<PlatformService, string>;
  }

  pids(): Array<{ service: PlatformService; index: number; pid: number }> {
    return this.instances.map((i) => ({ service: i.service, index: i.index, pid: i.process.pid }));
  }

  private instance(service: PlatformService, index: number): Instance {
    const found = this.instances.find((i) => i.service === service && i.index === index);
    if (!found) throw new Error(`no ${service} instance ${index}`);
    return found;
  }

  /** SIGKILL (a crash) or SIGTERM (a deploy) one instance, then start it again on the same port. */
  async restart(service: PlatformService, index = 0, how: 'kill' | 'stop' = 'kill', downMs = 0): Promise<void> {
    const instance = this.instance(service, index);
    await (how === 'kill' ? instance.process.kill() : instance.process.stop());
    instance.earlier += instance.process.logs();
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    instance.process = await startServiceProcess({ service, port: instance.port, env: instance.env });
  }

  /** One more instance in the service's group (the group rebalances to give it partitions). */
  async scaleUp(service: PlatformService): Promise<number> {
    const index = Math.max(-1, ...this.instances.filter((i) => i.service === service).map((i) => i.index)) + 1;
    await this.add(service, index);
    return index;
  }

  /** Stops one instance for good (its partitions move to the others). */
  async remove(service: PlatformService, index: number): Promise<void> {
    const instance = this.instance(service, index);
    await instance.process.stop();
    this.instances.splice(this.instances.indexOf(instance), 1);
  }

  /** Everything the instance wrote, across restarts. */
  logs(service: PlatformService, index = 0): string {
    const instance = this.instance(service, index);
    return instance.earlier + instance.process.logs();
  }

  /** Error-level log lines (error and fatal) of every instance, for a run's report. */
  errors(): Array<{ service: PlatformService; index: number; line: string }> {
    return this.instances.flatMap((i) =>
      (i.earlier + i.process.logs())
        .split('\n')
        .filter((line) => /"level":("error"|"fatal"|5\d|60)/.test(line))
        .map((line) => ({ service: i.service, index: i.index, line })),
    );
  }

  async stop({ keepDatabases = false } = {}): Promise<void> {
    await Promise.all(this.instances.map((i) => i.process.stop()));
    await Promise.all([this.mail.close(), this.sms.close()]);
    if (!keepDatabases) await Promise.all(Object.values(this.databases).map((d) => d.drop()));
  }
}
