import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuthGuard, USER_RATE_LIMITER } from './auth/auth.guard.js';
import { AUTH_SETTINGS, type AuthSettings } from './auth/auth.types.js';
import { TokenVerifier } from './auth/tokens.js';
import { HealthController } from './health/health.controller.js';
import { HealthRegistry } from './health/health.registry.js';
import { ProblemDetailsFilter } from './http/problem.filter.js';
import { createValidationPipe } from './http/validation.pipe.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { RateLimiter, type RateLimits } from './http/rate-limit.js';
import type { Logger } from 'pino';

export interface PlatformModuleOptions {
  service: string;
  auth: AuthSettings;
  logger: Logger;
  /** Per-user limits for the auth guard (the per-address one is createHttpApp's). */
  rateLimits?: RateLimits;
}

export const SERVICE_NAME = Symbol('SERVICE_NAME');
/** The service's pino logger, for components that log structured fields. */
export const PINO_LOGGER = Symbol('PINO_LOGGER');

/** Health, metrics, problem+json errors, validation and authentication for one service. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        HealthRegistry,
        { provide: SERVICE_NAME, useValue: options.service },
        { provide: PINO_LOGGER, useValue: options.logger },
        { provide: AUTH_SETTINGS, useValue: options.auth },
        // One verifier per process: it holds the issuer's cached signing keys.
        { provide: TokenVerifier, useValue: new TokenVerifier(options.auth) },
        ...(options.rateLimits ? [{ provide: USER_RATE_LIMITER, useValue: new RateLimiter(options.rateLimits.user) }] : []),
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [HealthRegistry, SERVICE_NAME, AUTH_SETTINGS, TokenVerifier, PINO_LOGGER],
    };
  }
}
