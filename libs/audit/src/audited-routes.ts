import { Injectable, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService } from '@nestjs/core';
import { AUDITED, type AuditedOptions } from './audited.decorator.js';

/**
 * The audited routes by method and path pattern (as Express matched them: `req.route.path`). A
 * refusal by the guard happens before any interceptor, so the response's end is the one place that
 * sees it; this tells that place whether the route was audited and how.
 */
@Injectable()
export class AuditedRoutes implements OnApplicationBootstrap {
  private readonly routes = new Map<string, AuditedOptions>();

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type?.prototype) continue;
      const base = paths(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const options = Reflect.getMetadata(AUDITED, handler) as AuditedOptions | undefined;
        if (!options) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const b of base)
          for (const p of paths(Reflect.getMetadata(PATH_METADATA, handler))) this.routes.set(`${method} ${join(b, p)}`, options);
      }
    }
  }

  find(route: string): AuditedOptions | undefined {
    return this.routes.get(route);
  }
}

/** `GET /locations/:locationId/sessions/:appointmentId`: what an audit record names as its route. */
export function routeOf(method: string, path: string | undefined): string {
  return `${method.toUpperCase()} ${join(path ?? '', '')}`;
}

function paths(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : ''];
}

function join(...parts: string[]): string {
  return `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;
}
