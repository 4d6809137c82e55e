import { ConfigError, loadConfig } from '@chairside/platform';
import { serviceConfigSchema } from './service.config.js';

/** The one variable the schema requires (the issuer is never fetched here). */
const required = { AUTH_OIDC_ISSUER: 'https://sso.hospital.example/realms/chairside' };

describe('serviceConfigSchema', () => {
  it('composes the platform, database and messaging fragments with their defaults', () => {
    const config = loadConfig(serviceConfigSchema('sessions'), required);
    expect(config).toMatchObject({
      PORT: 3002,
      DATABASE_NAME: 'chairside_sessions',
      DATABASE_PORT: 5432,
      KAFKA_CONSUMER_GROUP: 'chairside-sessions',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      CONSUMER_MAX_ATTEMPTS: 5,
      OUTBOX_GATHER_MS: 5,
      KAFKA_REPLICATION_FACTOR: 1,
    });
    expect(config.CHAIRSIDE_FAULT).toBeUndefined();
  });

  it('names every wrong variable instead of turning it into NaN', () => {
    const wrong = {
      ...required,
      CONSUMER_MAX_ATTEMPTS: 'abc',
      OUTBOX_GATHER_MS: '-1',
      DATABASE_NAME: 'Robert"); DROP',
      CHAIRSIDE_FAULT: 'nope',
    };
    expect(() => loadConfig(serviceConfigSchema('scheduling'), wrong)).toThrow(ConfigError);
    try {
      loadConfig(serviceConfigSchema('scheduling'), wrong);
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['CONSUMER_MAX_ATTEMPTS="abc"', 'OUTBOX_GATHER_MS="-1"', 'DATABASE_NAME=', 'CHAIRSIDE_FAULT="nope"'])
        expect(problems).toContain(name);
    }
  });

  it('takes an empty variable as unset', () => {
    expect(loadConfig(serviceConfigSchema('reporting'), { ...required, CONSUMER_MAX_ATTEMPTS: '' }).CONSUMER_MAX_ATTEMPTS).toBe(
      5,
    );
  });

  it('reads the fault injection points the integration tests arm', () => {
    const config = loadConfig(serviceConfigSchema('reporting'), {
      ...required,
      CHAIRSIDE_FAULT: 'kill-after-inbox-commit,consumer-non-retriable-error',
    });
    expect(config.CHAIRSIDE_FAULT).toEqual(['kill-after-inbox-commit', 'consumer-non-retriable-error']);
  });
});
