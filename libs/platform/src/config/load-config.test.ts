import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig, port } from './load-config.js';

describe('loadConfig', () => {
  const schema = z.object({ PORT: port(3000), AUTH_JWT_SECRET: z.string().min(32), KAFKA: z.string() });

  it('applies defaults and coerces', () => {
    expect(loadConfig(schema, { AUTH_JWT_SECRET: 's'.repeat(32), KAFKA: 'k' })).toEqual({
      PORT: 3000,
      AUTH_JWT_SECRET: 's'.repeat(32),
      KAFKA: 'k',
    });
  });

  it('names every missing or invalid variable, hiding secrets', () => {
    try {
      loadConfig(schema, { PORT: 'abc', AUTH_JWT_SECRET: 'short' });
      throw new Error('should have failed');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT="abc" is invalid');
      expect(message).toContain('AUTH_JWT_SECRET="***" is invalid');
      expect(message).toContain('KAFKA is required');
      expect(message).not.toContain('short');
    }
  });
});

describe('the token settings of baseConfigSchema', () => {
  const env = { AUTH_OIDC_ISSUER: 'https://sso.hospital.example/realms/chairside' };

  it('defaults to the asymmetric algorithms, 30 s skew, one hour at most', () => {
    expect(loadConfig(baseConfigSchema, env)).toMatchObject({
      AUTH_ALGORITHMS: ['RS256', 'ES256', 'PS256'],
      AUTH_CLOCK_SKEW_SECONDS: 30,
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: 3600,
      AUTH_ROLE_MAP: {},
    });
  });

  it('reads a role map and refuses HS256, none, a skew over 300 s and unknown roles', () => {
    expect(
      loadConfig(baseConfigSchema, { ...env, AUTH_ROLE_MAP: 'Chairside.Nurse=nurse, Ward.Lead=charge-nurse' }).AUTH_ROLE_MAP,
    ).toEqual({
      'Chairside.Nurse': 'nurse',
      'Ward.Lead': 'charge-nurse',
    });
    for (const bad of [
      { AUTH_ALGORITHMS: 'RS256,HS256' },
      { AUTH_ALGORITHMS: 'none' },
      { AUTH_CLOCK_SKEW_SECONDS: '301' },
      { AUTH_ROLE_MAP: 'Chairside.Boss=owner' },
      { AUTH_OIDC_ISSUER: 'not a url' },
    ])
      expect(() => loadConfig(baseConfigSchema, { ...env, ...bad })).toThrow(Object.keys(bad)[0]);
  });
});
