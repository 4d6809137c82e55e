import { describeError, isFatalCrash, poisonAttempts, RetryPolicy } from './retry-policy.js';

const policy = (maxAttempts = 3) => new RetryPolicy({ maxAttempts, retryBaseMs: 100, retryMaxMs: 1_000, random: () => 1 });
const handlerError = new Error('handler refused the event');
const databaseAway = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('consumer retry and dead-letter policy', () => {
  it('retries a failing handler, counting attempts, and dead-letters it on the last one', () => {
    const attempts = policy(3).forMessage();
    expect(attempts.onFailure(handlerError)).toEqual({ action: 'retry', attempt: 1, delayMs: 100 });
    expect(attempts.onFailure(handlerError)).toEqual({ action: 'retry', attempt: 2, delayMs: 200 });
    expect(attempts.onFailure(handlerError)).toEqual({ action: 'dead-letter', attempts: 3 });
  });

  it('counts attempts per message', () => {
    const p = policy(2);
    const first = p.forMessage();
    first.onFailure(handlerError);
    expect(first.onFailure(handlerError).action).toBe('dead-letter');
    expect(p.forMessage().onFailure(handlerError)).toMatchObject({ action: 'retry', attempt: 1 });
  });

  it('backs off exponentially up to the ceiling, with jitter between half and all of it', () => {
    const attempts = policy(100).forMessage();
    const delays = Array.from({ length: 6 }, () => {
      const decision = attempts.onFailure(handlerError);
      return decision.action === 'retry' ? decision.delayMs : -1;
    });
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    const low = new RetryPolicy({ maxAttempts: 5, retryBaseMs: 100, retryMaxMs: 1_000, random: () => 0 }).forMessage();
    expect(low.onFailure(handlerError)).toMatchObject({ delayMs: 50 });
  });

  it('waits for an unavailable database without counting attempts, however often it fails', () => {
    const attempts = policy(2).forMessage();
    for (let i = 0; i < 20; i++) expect(attempts.onFailure(databaseAway).action).toBe('wait-for-database');
    expect(attempts.onFailure(databaseAway)).toEqual({ action: 'wait-for-database', delayMs: 1_000 });
    // Once the database is back, the handler still gets all its attempts.
    expect(attempts.onFailure(handlerError)).toMatchObject({ action: 'retry', attempt: 1 });
    expect(attempts.onFailure(handlerError)).toEqual({ action: 'dead-letter', attempts: 2 });
  });

  it('treats SQLSTATE class 08 (connection) as transient and a constraint violation as the handler failing', () => {
    expect(
      policy()
        .forMessage()
        .onFailure({ driverError: { code: '08006' } }).action,
    ).toBe('wait-for-database');
    expect(
      policy()
        .forMessage()
        .onFailure({ driverError: { code: '23505' } }).action,
    ).toBe('retry');
  });

  it('never dead-letters a message that has no handler', () => {
    const attempts = policy(1).forMessage();
    expect(attempts.onFailure(handlerError, false)).toMatchObject({ action: 'retry', attempt: 1 });
    expect(attempts.onFailure(handlerError, false)).toMatchObject({ action: 'retry', attempt: 2 });
  });

  it('dead-letters poison at once', () => {
    expect(poisonAttempts).toBe(1);
  });

  it('takes a crash kafkajs will not restart as fatal, one it restarts as transient', () => {
    expect(isFatalCrash({ restart: false })).toBe(true);
    expect(isFatalCrash({})).toBe(true);
    expect(isFatalCrash({ restart: true })).toBe(false);
  });

  it('describes errors for the dead-letter header', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError({ code: 'X' })).toBe('{"code":"X"}');
    expect(describeError('plain')).toBe('plain');
  });
});
