import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseConfigSchema, ConfigError, loadConfig } from '@chairside/platform';
import { kafkaConnection } from './kafka-connection.js';
import { messagingConfigSchema } from './messaging.config.js';

const schema = baseConfigSchema.extend(messagingConfigSchema.shape);
const required = { AUTH_OIDC_ISSUER: 'https://sso.hospital.example/realms/chairside' };
const connection = (env: Record<string, string>) => kafkaConnection(loadConfig(schema, { ...required, ...env }));
const problems = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('Kafka connection settings (TLS, SASL/SCRAM)', () => {
  const caFile = join(mkdtempSync(join(tmpdir(), 'chairside-kafka-ca-')), 'ca.pem');
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n');
  const secured = {
    KAFKA_BROKERS: 'kafka-1.hospital.example:9096,kafka-2.hospital.example:9096',
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: caFile,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'chairside-sessions',
    KAFKA_SASL_PASSWORD: 'a-real-password',
  };

  it('connects in clear text, unauthenticated, on a developer machine (the local broker)', () => {
    expect(connection({})).toEqual({ brokers: ['127.0.0.1:9092'] });
  });

  it('passes TLS with the configured CA and SCRAM credentials to the client', () => {
    expect(connection(secured)).toEqual({
      brokers: ['kafka-1.hospital.example:9096', 'kafka-2.hospital.example:9096'],
      ssl: { ca: [expect.stringContaining('BEGIN CERTIFICATE')] },
      sasl: { mechanism: 'scram-sha-512', username: 'chairside-sessions', password: 'a-real-password' },
    });
    // A managed cluster with a public CA: TLS with the system's CAs.
    expect(connection({ ...secured, KAFKA_SSL_CA_FILE: '' }).ssl).toEqual({});
  });

  it('refuses clear text or no authentication in production unless KAFKA_ALLOW_PLAINTEXT names the choice', () => {
    const found = problems(() => connection({ NODE_ENV: 'production' }));
    expect(found).toContain('KAFKA_SSL must be true');
    expect(found).toContain('KAFKA_SASL_MECHANISM is required');
    expect(problems(() => connection({ ...secured, NODE_ENV: 'production', KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: '' }))).toBe(
      'KAFKA_SSL must be true (NODE_ENV=production; set KAFKA_ALLOW_PLAINTEXT=true to accept clear text)',
    );
    expect(connection({ ...secured, NODE_ENV: 'production' }).sasl?.username).toBe('chairside-sessions');
    expect(connection({ NODE_ENV: 'production', KAFKA_ALLOW_PLAINTEXT: 'true' })).toEqual({ brokers: ['127.0.0.1:9092'] });
  });

  it('names the variables that do not fit together, never printing the password', () => {
    const found = problems(() =>
      connection({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'secret-value', KAFKA_SSL_CA_FILE: caFile }),
    );
    expect(found).toContain('KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=scram-sha-256');
    expect(found).toContain('KAFKA_SSL must be true when KAFKA_SSL_CA_FILE is set');
    expect(found).not.toContain('secret-value');
    expect(problems(() => connection({ KAFKA_SASL_USERNAME: 'chairside-sessions' }))).toContain(
      'KAFKA_SASL_MECHANISM is required',
    );
  });

  it('refuses an unknown mechanism and a CA file that is not there at boot', () => {
    const found = problems(() =>
      loadConfig(schema, { ...required, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SSL_CA_FILE: join(tmpdir(), 'no-such-ca.pem') }),
    );
    expect(found).toContain('KAFKA_SASL_MECHANISM="plain" is invalid');
    expect(found).toMatch(/KAFKA_SSL_CA_FILE=".*no-such-ca.pem" is invalid: no such file/);
  });
});
