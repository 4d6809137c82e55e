import { isTransientDatabaseError } from './postgres-errors.js';
import { databaseConfigFromEnv } from './config/database.config.js';

describe('isTransientDatabaseError', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }],
    [{ driverError: { code: '57P01' } }],
    [{ code: '40001' }],
    [{ code: '08006' }],
    [new Error('Connection terminated unexpectedly')],
    // Seen in the fault run: PostgreSQL restarted in the middle of a session step's transaction.
    [
      Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), {
        name: 'QueryRunnerAlreadyReleasedError',
      }),
    ],
  ])('retries %p', (error) => expect(isTransientDatabaseError(error)).toBe(true));

  it.each([[{ code: '23505' }], [{ driverError: { code: '23P01' } }], [new TypeError('x is undefined')], [null]])(
    'does not retry %p',
    (error) => expect(isTransientDatabaseError(error)).toBe(false),
  );
});

describe('databaseConfigFromEnv', () => {
  it('gives each service its own database by default', () => {
    expect(databaseConfigFromEnv('reporting', {}).database).toBe('chairside_reporting');
    expect(databaseConfigFromEnv('reporting', { DATABASE_NAME: 't_x' }).database).toBe('t_x');
  });
  it('rejects a bad port or name with the variable named', () => {
    expect(() => databaseConfigFromEnv('scheduling', { DATABASE_PORT: 'x' })).toThrow('DATABASE_PORT');
    expect(() => databaseConfigFromEnv('scheduling', { DATABASE_NAME: 'Robert"); DROP' })).toThrow('DATABASE_NAME');
  });
});
