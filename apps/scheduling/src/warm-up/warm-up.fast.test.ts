import { createLogger, HealthRegistry, loadConfig } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import { createUseCaseHarness, FAST_TIER_ENV, type UseCaseHarness } from '@chairside/testing';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from '../appointments/center-state.repository.js';
import { schedulingConfigSchema } from '../config/scheduling.config.js';
import { schedulingDataSourceOptions } from '../database/data-source.js';
import { bookingRehearsal } from './booking-rehearsal.js';
import { SchedulingWarmUp } from './scheduling-warm-up.js';
import { WarmUpModule } from './warm-up.module.js';

const POOL = 6;
let h: UseCaseHarness;

beforeAll(async () => {
  h = await createUseCaseHarness({
    service: 'scheduling',
    label: 'warm_up',
    imports: [WarmUpModule],
    providers: [
      {
        provide: SERVICE_CONFIG,
        useValue: loadConfig(schedulingConfigSchema, {
          ...FAST_TIER_ENV,
          WARM_UP_ROUNDS: '60',
          DATABASE_POOL_SIZE: String(POOL),
        }),
      },
    ],
    dataSourceOptions: (env) => schedulingDataSourceOptions({ ...env, DATABASE_POOL_SIZE: String(POOL) }),
  });
});
afterAll(() => h?.close());

const counts = async () =>
  (
    (await h.dataSource.query(
      `SELECT (SELECT count(*) FROM appointment)::int AS appointments, (SELECT count(*) FROM outbox)::int AS events`,
    )) as Array<{ appointments: number; events: number }>
  )[0];

it('reports not ready until the pool is open and the booking path rehearsed, and writes nothing', async () => {
  const health = h.get(HealthRegistry);
  const warmUp = h.get(SchedulingWarmUp);
  const before = await counts();

  warmUp.onApplicationBootstrap();
  const during = await health.evaluate('ready');
  expect(during.checks['warm-up']).toEqual({ up: false });
  expect(during.up).toBe(false);

  await warmUp.whenWarm();
  const after = await health.evaluate('ready');
  expect(after.checks['warm-up']).toEqual({ up: true });
  // Every connection of the pool was opened, each its own backend.
  const [{ n }] = (await h.dataSource.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'chairside-scheduling'`,
  )) as [{ n: number }];
  expect(n).toBeGreaterThanOrEqual(POOL);
  expect(await counts()).toEqual(before);
});

it('rehearses bookings and refusals alike, on its invented center', async () => {
  const rehearsal = bookingRehearsal(h.dataSource, h.get(BookAppointmentUseCase), h.get(CenterStateRepository));
  const outcomes = { booked: 0, refused: 0 };
  for (let n = 0; n < 28; n++) outcomes[await rehearsal.round(n)]++;
  expect(outcomes.booked).toBeGreaterThan(10);
  expect(outcomes.refused).toBeGreaterThan(0);
});

it('with WARM_UP_ROUNDS=0 is ready at once', async () => {
  const health = new HealthRegistry();
  const config = loadConfig(schedulingConfigSchema, { ...FAST_TIER_ENV, WARM_UP_ROUNDS: '0' });
  const cold = new SchedulingWarmUp(
    h.dataSource,
    h.get(BookAppointmentUseCase),
    h.get(CenterStateRepository),
    createLogger('scheduling', 'silent'),
    config,
    health,
  );
  cold.onApplicationBootstrap();
  expect((await health.evaluate('ready')).checks['warm-up']).toEqual({ up: true });
});
