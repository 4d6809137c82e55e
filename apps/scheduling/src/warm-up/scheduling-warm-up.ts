import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { HOUR } from '@chairside/domain';
import { HealthRegistry, PINO_LOGGER } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from '../appointments/center-state.repository.js';
import type { SchedulingConfig } from '../config/scheduling.config.js';
import { bookingRehearsal } from './booking-rehearsal.js';

/**
 * Readiness waits for a warmer process: the pool's connections open (each a new PostgreSQL
 * backend on its first query, whose catalog caches are cold) and the booking path rehearsed
 * WARM_UP_ROUNDS times on an invented center (bookingRehearsal: nothing is written). Started
 * cold, the service answered its first fifty bookings at about 80 a second and 21–35 of them took
 * over a second (issue 20); warmed, fewer and shorter, not none (docs/benchmarks.md, session 12).
 */
@Injectable()
export class SchedulingWarmUp implements OnApplicationBootstrap {
  private warm = false;
  private readonly rounds: number;
  private readonly connections: number;
  private done: Promise<void> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly book: BookAppointmentUseCase,
    private readonly centers: CenterStateRepository,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) config: SchedulingConfig,
    health: HealthRegistry,
  ) {
    this.rounds = config.WARM_UP_ROUNDS;
    this.connections = config.WARM_UP_ROUNDS > 0 ? config.DATABASE_POOL_SIZE : 0;
    this.warm = this.rounds === 0;
    health.register('warm-up', () => ({ up: this.warm }));
  }

  /** Not awaited: the process listens meanwhile and /health/ready answers 503 until it is done. */
  onApplicationBootstrap(): void {
    this.done = this.run();
  }

  /** Resolves when readiness no longer waits for the warm-up. */
  whenWarm(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    if (this.warm) return;
    const started = performance.now();
    try {
      // All at once, so the pool opens a connection for each instead of reusing the first; each
      // plans a booking's center read (of a location that is not there) so that its backend has
      // the tables' catalog entries cached before the first booking needs them.
      const nowhere = this.centers.loadStatement({
        locationId: randomUUID(),
        organisationId: randomUUID(),
        from: new Date(),
        to: new Date(Date.now() + 2 * 24 * HOUR),
        patientId: randomUUID(),
        therapyCode: 'iron',
      });
      await Promise.all(Array.from({ length: this.connections }, () => this.dataSource.query(nowhere.sql, nowhere.parameters)));
      const opened = performance.now();
      const rehearsal = bookingRehearsal(this.dataSource, this.book, this.centers);
      const outcomes = { booked: 0, refused: 0 };
      for (let n = 0; n < this.rounds; n++) {
        outcomes[await rehearsal.round(n)]++;
        // Health probes and the consumer's start are answered between rounds.
        if (n % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
      }
      this.logger.info(
        {
          component: 'warm-up',
          connections: this.connections,
          connectMs: Math.round(opened - started),
          rounds: this.rounds,
          ...outcomes,
          rehearsalMs: Math.round(performance.now() - opened),
        },
        'warmed up',
      );
    } catch (error) {
      // A database that is away shows in its own probe; a warm-up that failed only leaves the process cold.
      this.logger.warn({ component: 'warm-up', err: error }, 'warm-up failed; serving cold');
    }
    this.warm = true;
  }
}
