import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_NAMES, type ServiceName } from '@chairside/contracts';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console.config.js';
import { currentClientOrigin, originHeaders } from './client-origin.js';

export interface ServiceAnswer {
  status: number;
  contentType: string | null;
  etag: string | null;
  body: string;
}

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}

/** Headers a browser request may pass on to a service; everything else (cookies above all) stays here. */
const FORWARDED_HEADERS = ['content-type', 'accept', 'if-match', 'idempotency-key', 'x-correlation-id'] as const;

/** Calls a Chairside service as the signed-in user: their access token, bounded time. */
@Injectable()
export class ServiceClient {
  private readonly urls: Record<ServiceName, string>;

  constructor(@Inject(CONSOLE_CONFIG) config: ConsoleConfig) {
    this.urls = {
      scheduling: config.SCHEDULING_URL,
      sessions: config.SESSIONS_URL,
      notifications: config.NOTIFICATIONS_URL,
      reporting: config.REPORTING_URL,
    };
  }

  async call(
    service: ServiceName,
    method: string,
    pathAndQuery: string,
    accessToken: string,
    options: { body?: string; headers?: Record<string, string | string[] | undefined> } = {},
  ): Promise<ServiceAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
    for (const name of FORWARDED_HEADERS) {
      const value = options.headers?.[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // The person's IP and user agent, for the services' audit trail (they trust it only from this proxy).
    Object.assign(headers, originHeaders(currentClientOrigin()));
    try {
      const response = await fetch(`${this.urls[service].replace(/\/$/, '')}${pathAndQuery}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: options.body } : {}),
        signal: AbortSignal.timeout(15_000),
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        etag: response.headers.get('etag'),
        body: await response.text(),
      };
    } catch (error) {
      return {
        status: 503,
        contentType: 'application/problem+json',
        etag: null,
        body: JSON.stringify({
          type: '/problems/service-unavailable',
          title: 'Service Unavailable',
          status: 503,
          detail: `${service} did not answer (${(error as Error).name}).`,
        }),
      };
    }
  }

  /** A JSON answer, or undefined when the service refused or failed. */
  async getJson<T>(service: ServiceName, pathAndQuery: string, accessToken: string): Promise<T | undefined> {
    const answer = await this.call(service, 'GET', pathAndQuery, accessToken);
    return answer.status === 200 ? (JSON.parse(answer.body) as T) : undefined;
  }
}
