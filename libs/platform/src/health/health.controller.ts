import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { HealthRegistry } from './health.registry.js';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: HealthRegistry,
  ) {}

  /** 503 when a consumer crashed: the process is about to exit and should be replaced. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check(this.checks('live'));
  }

  /** 503 while the database, Kafka or a consumer is not usable: take the instance out of rotation. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.checks('ready'));
  }

  private checks(kind: 'live' | 'ready'): HealthIndicatorFunction[] {
    return this.registry.entries(kind).map(([name, probe]) => async () => {
      const session = this.indicators.check(name);
      try {
        const result = await probe();
        if (!result.up) return session.down(result.details ?? {});
        return result.degraded ? session.degraded(result.details ?? {}) : session.up(result.details ?? {});
      } catch (error) {
        return session.down({ error: (error as Error).message });
      }
    });
  }
}
