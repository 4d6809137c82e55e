import { devIdentityDir } from '@chairside/platform';
import {
  freePort,
  type IdentityProcess,
  type ServiceOnOwnDatabase,
  startIdentityProcess,
  startOnOwnDatabase,
} from '@chairside/testing';
import { notificationsDataSourceOptions } from '../../notifications/src/database/data-source.js';
import { reportingDataSourceOptions } from '../../reporting/src/database/data-source.js';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../sessions/src/database/data-source.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { demoUsersFileWith, type ExtraUser } from './demo-users.js';

/** Everything the console needs, each service on its own database, and the console in front of them. */
export interface ConsoleStack {
  identity: IdentityProcess;
  scheduling: ServiceOnOwnDatabase;
  sessions: ServiceOnOwnDatabase;
  reporting: ServiceOnOwnDatabase;
  notifications: ServiceOnOwnDatabase;
  console: ConsoleProcess;
  /** Stops what was started, last started first, and gives the issuer back. */
  stop(): Promise<void>;
}

export interface ConsoleStackOptions {
  runId: string;
  /** The test's own users beside the demo users (their grants by `name:<center>`, resolved at sign-in). */
  users: ExtraUser[];
  /** Notifications' settings, given its own URL (the SMS provider's webhooks are signed for it). */
  notificationsEnv: (url: string) => Record<string, string>;
}

/**
 * The stack the console's browser tests run against: the four services, the test's own identity
 * provider (same signing keys as the others, so its console client may redirect to this test's
 * port; the services and test tokens trust it) with the demo users and the test's own, and the
 * console's back end. What started is stopped again when a later part fails to start.
 */
export async function startConsoleStack(options: ConsoleStackOptions): Promise<ConsoleStack> {
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  const started: Array<{ stop(): Promise<unknown> }> = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop();
    started.length = 0;
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  };
  try {
    const identityPort = await freePort();
    const consolePort = await freePort();
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    const own = async (
      service: 'scheduling' | 'sessions' | 'reporting' | 'notifications',
      dataSourceOptions: Parameters<typeof startOnOwnDatabase>[0]['dataSourceOptions'],
      env?: (url: string) => Record<string, string>,
    ) => {
      const port = await freePort();
      const running = await startOnOwnDatabase({
        service,
        runId: options.runId,
        dataSourceOptions,
        port,
        ...(env ? { env: env(`http://127.0.0.1:${port}`) } : {}),
      });
      started.push(running);
      return running;
    };
    const scheduling = await own('scheduling', schedulingDataSourceOptions);
    const sessions = await own('sessions', sessionsDataSourceOptions);
    const reporting = await own('reporting', reportingDataSourceOptions);
    const notifications = await own('notifications', notificationsDataSourceOptions, options.notificationsEnv);
    const identity = await startIdentityProcess({
      port: identityPort,
      dataDir: devIdentityDir(process.env.IDENTITY_DATA_DIR),
      usersFile: demoUsersFileWith(options.runId, options.users),
      schedulingUrl: scheduling.service.url,
      env: { IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/auth/callback` },
    });
    started.push(identity);
    const consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      SESSIONS_URL: sessions.service.url,
      REPORTING_URL: reporting.service.url,
      NOTIFICATIONS_URL: notifications.service.url,
    });
    started.push(consoleApp);
    return { identity, scheduling, sessions, reporting, notifications, console: consoleApp, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
