import { readFileSync } from 'node:fs';
import type { SASLOptions } from 'kafkajs';
import { ConfigError } from '@chairside/platform';
import type { MessagingConfig } from './messaging.config.js';

/** Where the brokers are and how to reach them safely: what createKafkaClient needs besides a name and a logger. */
export interface KafkaConnection {
  brokers: string[];
  /** TLS, with the CAs to trust when they are not the system's. */
  ssl?: { ca?: string[] };
  sasl?: Extract<SASLOptions, { mechanism: 'scram-sha-256' | 'scram-sha-512' }>;
}

export type KafkaConnectionConfig = Pick<
  MessagingConfig,
  | 'KAFKA_SASL_MECHANISM'
  | 'KAFKA_SASL_USERNAME'
  | 'KAFKA_SASL_PASSWORD'
  | 'KAFKA_SSL'
  | 'KAFKA_SSL_CA_FILE'
  | 'KAFKA_ALLOW_PLAINTEXT'
> & { KAFKA_BROKERS: string[]; NODE_ENV: 'development' | 'test' | 'production' };

/**
 * The connection settings of the parsed configuration, or a ConfigError naming every variable
 * that does not fit with the others. The checks that span variables live here, not in the zod
 * schema: the schema is a fragment that services extend and pick from, which refinements forbid.
 *
 * With NODE_ENV=production the client must use TLS and SASL: without them any host on the network
 * could read patients' contact details from the topics or publish events as any service. A
 * deployment whose brokers are reached over a private, trusted link opts out by name
 * (KAFKA_ALLOW_PLAINTEXT=true), so the choice is visible in its configuration.
 */
export function kafkaConnection(config: KafkaConnectionConfig): KafkaConnection {
  const problems: string[] = [];
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (mechanism && !username) problems.push(`KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=${mechanism}`);
  if (mechanism && !password) problems.push(`KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM=${mechanism}`);
  if (!mechanism && (username || password))
    problems.push(
      'KAFKA_SASL_MECHANISM is required with KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD (scram-sha-256 or scram-sha-512)',
    );
  // A CA file without TLS would be silently ignored while the connection stays in clear text.
  if (config.KAFKA_SSL_CA_FILE && !config.KAFKA_SSL) problems.push('KAFKA_SSL must be true when KAFKA_SSL_CA_FILE is set');
  if (config.NODE_ENV === 'production' && !config.KAFKA_ALLOW_PLAINTEXT) {
    if (!config.KAFKA_SSL)
      problems.push('KAFKA_SSL must be true (NODE_ENV=production; set KAFKA_ALLOW_PLAINTEXT=true to accept clear text)');
    if (!mechanism)
      problems.push(
        'KAFKA_SASL_MECHANISM is required (NODE_ENV=production; set KAFKA_ALLOW_PLAINTEXT=true to connect unauthenticated)',
      );
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    brokers: config.KAFKA_BROKERS,
    ...(config.KAFKA_SSL
      ? { ssl: config.KAFKA_SSL_CA_FILE ? { ca: [readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8')] } : {} }
      : {}),
    ...(mechanism && username && password ? { sasl: { mechanism, username, password } } : {}),
  };
}
